package dev.herald.channels.push.apns;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;

import static org.assertj.core.api.Assertions.assertThat;

class ApnsChannelTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ApnsFixture fixture = new ApnsFixture();

	private final Channel channel = this.fixture.channel();

	ApnsChannelTests() throws Exception {
	}

	@AfterEach
	void stopFake() throws Exception {
		this.fixture.close();
	}

	@Test
	void alertIsPostedOverHttp2WithAProviderTokenAndDeliveredUnderItsApnsId() {
		UUID deliveryId = UUID.fromString("4a9c6e1f-2b3d-4e5f-8a7b-9c0d1e2f3a4b");

		DeliveryResult result = this.channel.send(ApnsFixture.push(deliveryId, ApnsFixture.DEVICE_TOKEN,
				Map.of("url", "https://shop.test/orders/1042")));

		assertThat(result).isEqualTo(new Delivered("apns", deliveryId.toString()));
		assertThat(this.fixture.apns.received()).singleElement().satisfies((request) -> {
			assertThat(request.version()).isEqualTo("HTTP/2.0");
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/3/device/" + ApnsFixture.DEVICE_TOKEN);
			assertThat(request.header("apns-topic")).isEqualTo("test.herald.shop");
			assertThat(request.header("apns-push-type")).isEqualTo("alert");
			assertThat(request.header("apns-priority")).isEqualTo("10");
			assertThat(request.header("apns-id")).isEqualTo(deliveryId.toString());
			// A day from the test clock's now, 2026-03-02T10:15:30Z.
			assertThat(request.header("apns-expiration")).isEqualTo("1772532930");
			assertThat(request.header("content-type")).isEqualTo("application/json");
			assertThat(request.jwtHeader()).isEqualTo(JSON.readTree("{\"alg\":\"ES256\",\"kid\":\"ABC123DEFG\"}"));
			assertThat(request.jwtClaims()).isEqualTo(JSON.readTree("{\"iss\":\"DEF123GHIJ\",\"iat\":1772446530}"));
			assertThat(request.json()).isEqualTo(JSON.readTree("""
					{"aps": {"alert": {"title": "Your order has shipped", "body": "Order #1042 is on its way"},
					         "sound": "default"},
					 "url": "https://shop.test/orders/1042"}"""));
		});
	}

	@Test
	void lowUrgencyIsSentWithPriorityFive() {
		this.channel.send(ApnsFixture.push(Map.of("urgency", "low")));

		assertThat(this.fixture.apns.received().getFirst().header("apns-priority")).isEqualTo("5");
	}

	@Test
	void dataKeyNamedApsCannotReplaceApplesDictionary() {
		this.channel.send(ApnsFixture.push(Map.of("aps", "{\"content-available\":1}", "orderId", "1042")));

		assertThat(this.fixture.apns.received().getFirst().json()).isEqualTo(JSON.readTree("""
				{"aps": {"alert": {"title": "Your order has shipped", "body": "Order #1042 is on its way"},
				         "sound": "default"},
				 "orderId": "1042"}"""));
	}

	@Test
	void notificationOverApnsSizeLimitIsRejectedAsContentWithoutSending() {
		DeliveryResult result = this.channel.send(ApnsFixture.push(Map.of("details", "x".repeat(4000))));

		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.cause()).isEqualTo(Cause.CONTENT);
			assertThat(rejected.reason()).endsWith("bytes of JSON; APNs takes at most 4096");
		});
		assertThat(this.fixture.apns.received()).isEmpty();
	}

	@Test
	void deviceTokenThatIsNotHexadecimalIsAnInvalidAddressWithoutSending() {
		DeliveryResult result = this.channel
			.send(ApnsFixture.push(UUID.randomUUID(), "../../3/device/abc?x=1", Map.of()));

		assertThat(result).isEqualTo(new Rejected("apns", "not an APNs device token (expected hexadecimal digits)",
				Cause.INVALID_ADDRESS));
		assertThat(this.fixture.apns.received()).isEmpty();
	}

	@Test
	void channelReachesOnlyApnsDevices() {
		assertThat(this.channel.type()).isEqualTo(ChannelType.PUSH);
		assertThat(this.channel.provider()).isEqualTo("apns");
		assertThat(this.channel.supports(ApnsFixture.push(Map.of()))).isTrue();
		assertThat(this.channel.supports(devicePush(PushTarget.FCM))).isFalse();
		assertThat(this.channel.supports(devicePush(PushTarget.WEB_PUSH))).isFalse();
		assertThat(this.channel.supports(devicePush(PushTarget.SNS))).isFalse();
		assertThat(this.channel.supports(new OutboundMessage(UUID.randomUUID(), ApnsFixture.TENANT,
				ChannelType.EMAIL, "ada@shop.test", null, "s", null, "b"))).isFalse();
	}

	@Test
	void messageForAnotherPlatformIsRejectedWithoutSending() {
		DeliveryResult result = this.channel.send(devicePush(PushTarget.FCM));

		assertThat(result).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.OTHER));
		assertThat(this.fixture.apns.received()).isEmpty();
	}

	private static OutboundMessage devicePush(String platform) {
		return new OutboundMessage(UUID.randomUUID(), ApnsFixture.TENANT, ChannelType.PUSH, "abc", null, "t", null,
				"b", Map.of(), new PushTarget(platform, "abc", Map.of()));
	}

}
