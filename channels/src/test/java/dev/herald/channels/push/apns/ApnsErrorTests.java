package dev.herald.channels.push.apns;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.herald.channels.Channel;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.push.apns.FakeApns.Answer;

import static org.assertj.core.api.Assertions.assertThat;

class ApnsErrorTests {

	private final ApnsFixture fixture = new ApnsFixture();

	private final Channel channel = this.fixture.channel();

	ApnsErrorTests() throws Exception {
	}

	@AfterEach
	void stopFake() throws Exception {
		this.fixture.close();
	}

	@Test
	void unregisteredDeviceIsGone() {
		assertThat(answered(Answer.error(410, "Unregistered"))).isEqualTo(new Rejected("apns",
				"the device token is no longer valid for the app (410 Unregistered)", Cause.ADDRESS_GONE));
	}

	@Test
	void expiredDeviceTokenIsGone() {
		assertThat(answered(Answer.error(410, "ExpiredToken"))).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.ADDRESS_GONE));
	}

	@Test
	void badDeviceTokenIsAnInvalidAddressWithAHintAboutTheEnvironment() {
		assertThat(answered(Answer.error(400, "BadDeviceToken"))).isEqualTo(new Rejected("apns",
				"invalid device token (400 BadDeviceToken); a token from the other APNs environment is refused this "
						+ "way too: check the setting 'sandbox'",
				Cause.INVALID_ADDRESS));
	}

	@Test
	void deviceTokenOfAnotherAppIsGone() {
		// The fake answers this itself when the topic is not the app's.
		Channel otherTopic = this.fixture.provider
			.create(this.fixture.settings(Map.of(ApnsChannelProvider.TOPIC, "test.herald.other")));

		assertThat(otherTopic.send(ApnsFixture.push(Map.of()))).isEqualTo(new Rejected("apns",
				"the device token belongs to another app (400 DeviceTokenNotForTopic)", Cause.ADDRESS_GONE));
		assertThat(this.fixture.apns.received().getFirst().header("apns-topic")).isEqualTo("test.herald.other");
	}

	@Test
	void invalidProviderTokenIsRetriedLater() {
		assertThat(answered(Answer.error(403, "InvalidProviderToken"))).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).startsWith("APNs refused the provider token (403 "
						+ "InvalidProviderToken): check the settings 'teamId', 'keyId', the secret 'privateKey'"));
	}

	@Test
	void payloadTooLargeIsContent() {
		assertThat(answered(Answer.error(413, "PayloadTooLarge"))).isEqualTo(new Rejected("apns",
				"APNs refused the notification's content (413 PayloadTooLarge)", Cause.CONTENT));
	}

	@Test
	void tooManyRequestsToTheDeviceIsRetriedLater() {
		assertThat(answered(Answer.error(429, "TooManyRequests"))).isEqualTo(
				new RetryLater("apns", "too many notifications to this device (429 TooManyRequests)", null));
	}

	@Test
	void retryAfterIsHonouredWhenSent() {
		assertThat(answered(Answer.error(429, "TooManyRequests").withHeader("Retry-After", "60")))
			.isInstanceOfSatisfying(RetryLater.class,
					(retry) -> assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(60)));
	}

	@Test
	void internalServerErrorIsRetriedLater() {
		assertThat(answered(Answer.error(500, "InternalServerError")))
			.isEqualTo(new RetryLater("apns", "APNs failed (500 InternalServerError)", null));
	}

	@Test
	void unavailableServiceIsRetriedLater() {
		assertThat(answered(Answer.error(503, "ServiceUnavailable")))
			.isEqualTo(new RetryLater("apns", "APNs failed (503 ServiceUnavailable)", null));
	}

	@Test
	void topicTheKeyMayNotSendToIsRetriedLaterForTheOperator() {
		assertThat(answered(Answer.error(400, "TopicDisallowed"))).isEqualTo(new RetryLater("apns",
				"APNs refused the topic (400 TopicDisallowed): check the setting 'topic' (the app's bundle id)", null));
	}

	@Test
	void otherMalformedRequestIsRejected() {
		assertThat(answered(Answer.error(400, "BadCollapseId"))).isEqualTo(
				new Rejected("apns", "APNs refused the request (400 BadCollapseId)", Cause.OTHER));
	}

	@Test
	void unknownServerErrorWithoutReasonIsRetriedLater() {
		assertThat(answered(Answer.error(502, null)))
			.isEqualTo(new RetryLater("apns", "APNs failed (502)", null));
	}

	@Test
	void serverWhoseCertificateIsNotTrustedIsNeverSentTo() {
		// The JDK's default trust: the fake's self-signed certificate is not in it, and must not be accepted.
		ApnsChannelProvider production = new ApnsChannelProvider(this.fixture.clock, null, Duration.ofSeconds(5));
		Channel untrusting = production.create(this.fixture.settings(Map.of()));

		DeliveryResult result = untrusting.send(ApnsFixture.push(Map.of()));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("could not reach APNs at " + this.fixture.apns.baseUrl() + ": SSLHandshakeException"));
		assertThat(this.fixture.apns.received()).isEmpty();
	}

	@Test
	void unreachableApnsIsRetriedLater() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Channel unreachable = this.fixture.provider
			.create(this.fixture.settings(Map.of(ApnsChannelProvider.BASE_URL, "https://127.0.0.1:" + closedPort)));

		DeliveryResult result = unreachable.send(ApnsFixture.push(Map.of()));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("could not reach APNs at https://127.0.0.1:" + closedPort + ": ConnectException"));
	}

	private DeliveryResult answered(Answer answer) {
		this.fixture.apns.answer(answer);
		return this.channel.send(ApnsFixture.push(Map.of()));
	}

}
