package dev.herald.channels.push.fcm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
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
import dev.herald.channels.push.fcm.FakeGoogle.Answer;

import static org.assertj.core.api.Assertions.assertThat;

class FcmAccessTokenTests {

	private final FcmFixture fixture = new FcmFixture();

	private final FakeGoogle google = this.fixture.google;

	private final Channel channel = this.fixture.channel();

	FcmAccessTokenTests() throws IOException {
	}

	@AfterEach
	void stopFake() {
		this.fixture.close();
	}

	@Test
	void tokenRequestIsAnRs256JwtBearerAssertionForTheServiceAccount() {
		assertThat(this.channel.send(FcmFixture.push(Map.of()))).isInstanceOf(Delivered.class);

		assertThat(this.google.tokenRequests()).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/token");
			assertThat(request.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
			assertThat(request.body()).startsWith(
					"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
			assertThat(request.form()).containsOnlyKeys("grant_type", "assertion");
			assertThat(request.assertionHeader().toString())
				.isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + ServiceAccounts.PRIVATE_KEY_ID + "\"}");
			long now = this.fixture.clock.instant().getEpochSecond();
			assertThat(request.assertionClaims().toString()).isEqualTo("{\"iss\":\"" + ServiceAccounts.CLIENT_EMAIL
					+ "\",\"scope\":\"https://www.googleapis.com/auth/firebase.messaging\",\"aud\":\""
					+ this.google.tokenUri() + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
		});
	}

	@Test
	void oneTokenServesManySends() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.channel.send(FcmFixture.push(Map.of()))).isInstanceOf(Delivered.class);
		}

		assertThat(this.google.tokenRequests()).hasSize(1);
		assertThat(this.google.sends()).extracting((send) -> send.header("authorization"))
			.containsOnly("Bearer ya29.fake-access-token-1");
	}

	@Test
	void concurrentFirstSendsWaitForOneTokenRequest() throws Exception {
		this.google.tokenDelay(Duration.ofMillis(300));
		List<Callable<DeliveryResult>> sends = IntStream.range(0, 8)
			.<Callable<DeliveryResult>>mapToObj((i) -> () -> this.channel.send(FcmFixture.push(Map.of())))
			.toList();

		List<Future<DeliveryResult>> results;
		try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
			results = executor.invokeAll(sends);
		}

		for (Future<DeliveryResult> result : results) {
			assertThat(result.get()).isInstanceOf(Delivered.class);
		}
		assertThat(this.google.tokenRequests()).hasSize(1);
	}

	@Test
	void tokenIsRefreshedFiveMinutesBeforeItExpires() {
		this.channel.send(FcmFixture.push(Map.of()));

		// Google grants 3599 s: the token is kept for 54 min 59 s.
		this.fixture.clock.advance(Duration.ofMinutes(54).plusSeconds(58));
		this.channel.send(FcmFixture.push(Map.of()));
		assertThat(this.google.tokenRequests()).hasSize(1);

		this.fixture.clock.advance(Duration.ofSeconds(2));
		assertThat(this.channel.send(FcmFixture.push(Map.of()))).isInstanceOf(Delivered.class);
		this.channel.send(FcmFixture.push(Map.of()));

		assertThat(this.google.tokenRequests()).hasSize(2);
		assertThat(this.google.sends()).extracting((send) -> send.header("authorization"))
			.containsExactly("Bearer ya29.fake-access-token-1", "Bearer ya29.fake-access-token-1",
					"Bearer ya29.fake-access-token-2", "Bearer ya29.fake-access-token-2");
	}

	@Test
	void refusedTokenIsDroppedAndTheNextSendFetchesANewOne() {
		this.channel.send(FcmFixture.push(Map.of()));
		this.google.revoke("ya29.fake-access-token-1");

		DeliveryResult refused = this.channel.send(FcmFixture.push(Map.of()));
		DeliveryResult next = this.channel.send(FcmFixture.push(Map.of()));

		assertThat(refused).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.reason()).startsWith("FCM refused the access token (401 UNAUTHENTICATED");
			assertThat(retry.retryAfter()).isNull();
		});
		assertThat(next).isInstanceOf(Delivered.class);
		assertThat(this.google.tokenRequests()).hasSize(2);
		assertThat(this.google.sends()).last()
			.satisfies((send) -> assertThat(send.header("authorization")).isEqualTo("Bearer ya29.fake-access-token-2"));
	}

	@Test
	void assertionSignedWithAKeyGoogleDoesNotKnowIsRetriedLaterNamingTheSecret() {
		this.google.accountKey(ServiceAccounts.rsaKeyPair().getPublic());

		DeliveryResult result = this.channel.send(FcmFixture.push(Map.of()));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.reason()).isEqualTo("Google refused the service account " + ServiceAccounts.CLIENT_EMAIL
					+ " at its token endpoint (400 invalid_grant: Invalid JWT Signature.): check the secret "
					+ "'serviceAccountJson' (a deleted or disabled key, a deleted account) and the server's clock");
			assertThat(retry.retryAfter()).isNull();
		});
		assertThat(this.google.sends()).isEmpty();
	}

	@Test
	void failedTokenRequestIsNotRepeatedForAFewSecondsThenTriedAgain() {
		this.google.answerTokenRequest(Answer.json(503, "{\"error\":\"temporarily_unavailable\"}"));

		DeliveryResult first = this.channel.send(FcmFixture.push(Map.of()));
		DeliveryResult duringPause = this.channel.send(FcmFixture.push(Map.of()));
		this.fixture.clock.advance(Duration.ofSeconds(6));
		DeliveryResult afterPause = this.channel.send(FcmFixture.push(Map.of()));

		assertThat(first).isEqualTo(new RetryLater("fcm",
				"Google's token endpoint failed (503 temporarily_unavailable)", null));
		assertThat(duringPause).isEqualTo(first);
		assertThat(afterPause).isInstanceOf(Delivered.class);
		assertThat(this.google.tokenRequests()).hasSize(2);
	}

	@Test
	void throttledTokenEndpointIsRetriedAfterTheWaitItAskedFor() {
		this.google.answerTokenRequest(Answer.json(429, "{\"error\":\"rate_limit_exceeded\"}")
			.withHeader("Retry-After", "30"));

		DeliveryResult result = this.channel.send(FcmFixture.push(Map.of()));
		this.fixture.clock.advance(Duration.ofSeconds(10));
		DeliveryResult stillWaiting = this.channel.send(FcmFixture.push(Map.of()));

		assertThat(result).isEqualTo(new RetryLater("fcm",
				"Google's token endpoint is throttling (429 rate_limit_exceeded)", Duration.ofSeconds(30)));
		assertThat(stillWaiting).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(20)));
		assertThat(this.google.tokenRequests()).hasSize(1);
	}

	@Test
	void tokenDueForRefreshIsStillUsedWhileTheTokenEndpointFails() {
		this.channel.send(FcmFixture.push(Map.of()));
		this.fixture.clock.advance(Duration.ofMinutes(57));
		this.google.answerTokenRequest(Answer.json(500, "{\"error\":\"internal_failure\"}"));

		DeliveryResult result = this.channel.send(FcmFixture.push(Map.of()));

		assertThat(result).isInstanceOf(Delivered.class);
		assertThat(this.google.tokenRequests()).hasSize(2);
		assertThat(this.google.sends()).last()
			.satisfies((send) -> assertThat(send.header("authorization")).isEqualTo("Bearer ya29.fake-access-token-1"));
	}

	@Test
	void tokenAnswerWithoutAnAccessTokenIsRetriedLater() {
		this.google.answerTokenRequest(Answer.json(200, "{\"token_type\":\"Bearer\"}"));

		DeliveryResult result = this.channel.send(FcmFixture.push(Map.of()));

		assertThat(result).isEqualTo(new RetryLater("fcm",
				"Google's token endpoint answered 200 without a bearer access token and its lifetime", null));
		assertThat(this.google.sends()).isEmpty();
	}

	@Test
	void unreachableTokenEndpointIsRetriedLater() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Channel unreachable = this.fixture.provider.create(new ProviderSettings("fcm",
				Map.of("baseUrl", this.google.baseUrl().toString(), "tokenUri",
						"http://127.0.0.1:" + closedPort + "/token"),
				Map.of("serviceAccountJson", this.fixture.serviceAccountJson())));

		DeliveryResult result = unreachable.send(FcmFixture.push(Map.of()));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("could not reach Google's token endpoint http://127.0.0.1:" + closedPort + "/token: "));
		assertThat(this.google.tokenRequests()).isEmpty();
	}

	@Test
	void tokenUriSettingOverridesTheServiceAccounts() {
		Channel overridden = this.fixture.provider.create(new ProviderSettings("fcm",
				Map.of("baseUrl", this.google.baseUrl().toString(), "tokenUri", this.google.tokenUri().toString()),
				Map.of("serviceAccountJson", ServiceAccounts.json(FcmFixture.ACCOUNT_KEYS,
						URI.create("https://oauth2.example.invalid/token")))));

		assertThat(overridden.send(FcmFixture.push(Map.of()))).isInstanceOf(Delivered.class);
		assertThat(this.google.tokenRequests()).hasSize(1);
	}

}
