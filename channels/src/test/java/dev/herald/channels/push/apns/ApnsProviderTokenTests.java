package dev.herald.channels.push.apns;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.herald.channels.Channel;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.push.apns.FakeApns.Answer;
import dev.herald.channels.push.apns.FakeApns.Received;

import static org.assertj.core.api.Assertions.assertThat;

class ApnsProviderTokenTests {

	private final ApnsFixture fixture = new ApnsFixture();

	private final Channel channel = this.fixture.channel();

	ApnsProviderTokenTests() throws Exception {
	}

	@AfterEach
	void stopFake() throws Exception {
		this.fixture.close();
	}

	@Test
	void oneTokenIsReusedAcrossSendsForFortyNineMinutes() {
		this.channel.send(ApnsFixture.push(Map.of()));
		this.fixture.clock.advance(Duration.ofMinutes(20));
		this.channel.send(ApnsFixture.push(Map.of()));
		this.fixture.clock.advance(Duration.ofMinutes(29).plusSeconds(59));
		assertThat(this.channel.send(ApnsFixture.push(Map.of()))).isInstanceOf(Delivered.class);

		assertThat(this.fixture.apns.received()).extracting(Received::jwt).hasSize(3).containsOnly(firstJwt());
	}

	@Test
	void tokenIsSignedAnewAfterFiftyMinutes() {
		this.channel.send(ApnsFixture.push(Map.of()));
		long firstIssuedAt = this.fixture.clock.instant().getEpochSecond();
		this.fixture.clock.advance(Duration.ofMinutes(50));

		assertThat(this.channel.send(ApnsFixture.push(Map.of()))).isInstanceOf(Delivered.class);
		this.channel.send(ApnsFixture.push(Map.of()));

		List<Received> received = this.fixture.apns.received();
		assertThat(received.get(1).jwt()).isNotEqualTo(received.get(0).jwt());
		assertThat(received.get(1).jwtClaims().path("iat").asLong()).isEqualTo(firstIssuedAt + 3000);
		assertThat(received.get(2).jwt()).isEqualTo(received.get(1).jwt());
	}

	@Test
	void expiredProviderTokenIsRetriedLaterAndTheNextSendSignsANewOne() {
		this.fixture.apns.answer(Answer.error(403, "ExpiredProviderToken"));

		DeliveryResult refused = this.channel.send(ApnsFixture.push(Map.of()));
		this.fixture.clock.advance(Duration.ofSeconds(1));
		DeliveryResult next = this.channel.send(ApnsFixture.push(Map.of()));

		assertThat(refused).isEqualTo(new RetryLater("apns", "APNs refused the provider token (403 "
				+ "ExpiredProviderToken): check the settings 'teamId', 'keyId', the secret 'privateKey' and the "
				+ "server's clock; a new token is signed for the next send", null));
		assertThat(next).isInstanceOf(Delivered.class);
		List<Received> received = this.fixture.apns.received();
		assertThat(received.get(1).jwt()).isNotEqualTo(received.get(0).jwt());
	}

	@Test
	void tokenSignedByAKeyApnsDoesNotKnowIsRefusedAndRetriedLater() {
		Channel wrongKey = this.fixture.provider.create(new ProviderSettings("apns",
				this.fixture.settings(Map.of()).values(),
				Map.of(ApnsChannelProvider.PRIVATE_KEY, SigningKeys.p8(SigningKeys.p256()))));

		DeliveryResult result = wrongKey.send(ApnsFixture.push(Map.of()));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("APNs refused the provider token (403 InvalidProviderToken)"));
	}

	@Test
	void channelsMadeFromTheSameKeyShareTheirToken() {
		Channel again = this.fixture.channel();

		this.channel.send(ApnsFixture.push(Map.of()));
		this.fixture.clock.advance(Duration.ofMinutes(5));
		again.send(ApnsFixture.push(Map.of()));

		assertThat(this.fixture.apns.received()).extracting(Received::jwt).containsOnly(firstJwt());
	}

	@Test
	void concurrentSendsShareOneToken() throws Exception {
		List<Callable<DeliveryResult>> sends = IntStream.range(0, 8)
			.<Callable<DeliveryResult>>mapToObj((i) -> () -> this.channel.send(ApnsFixture.push(Map.of())))
			.toList();

		List<Future<DeliveryResult>> results;
		try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
			results = executor.invokeAll(sends);
		}

		for (Future<DeliveryResult> result : results) {
			assertThat(result.get()).isInstanceOf(Delivered.class);
		}
		assertThat(this.fixture.apns.received()).extracting(Received::jwt).hasSize(8).containsOnly(firstJwt());
		assertThat(this.fixture.apns.received()).extracting(Received::version).containsOnly("HTTP/2.0");
	}

	private String firstJwt() {
		return this.fixture.apns.received().getFirst().jwt();
	}

}
