package dev.herald.channels.push.fcm;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.herald.channels.Channel;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.push.fcm.FakeGoogle.Answer;
import dev.herald.channels.push.fcm.FakeGoogle.Request;
import dev.herald.channels.testing.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;

class FcmSecretsTests {

	private final FcmFixture fixture = new FcmFixture();

	FcmSecretsTests() throws IOException {
	}

	@AfterEach
	void stopFake() {
		this.fixture.close();
	}

	@Test
	void privateKeyAssertionsAndAccessTokensAppearInNoResultAndNoLogLine() {
		FakeGoogle google = this.fixture.google;
		List<DeliveryResult> results = new ArrayList<>();
		String logs;
		try (CapturedLogs captured = new CapturedLogs()) {
			Channel channel = this.fixture.channel();
			results.add(channel.send(FcmFixture.push(Map.of())));
			google.revoke("ya29.fake-access-token-1");
			results.add(channel.send(FcmFixture.push(Map.of())));
			results.add(channel.send(FcmFixture.push(Map.of())));
			google.answerSend(Answer.fcmError(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error"));
			results.add(channel.send(FcmFixture.push(Map.of())));
			google.accountKey(ServiceAccounts.rsaKeyPair().getPublic());
			results.add(channel.send(FcmFixture.push(Map.of())));
			this.fixture.clock.advance(Duration.ofHours(2));
			google.answerTokenRequest(Answer.json(400,
					"{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
			results.add(channel.send(FcmFixture.push(Map.of())));
			logs = captured.all();
		}

		List<String> secrets = new ArrayList<>(google.issued());
		google.tokenRequests().stream().map(Request::form).map((form) -> form.get("assertion")).forEach(secrets::add);
		secrets.add(ServiceAccounts.keyMaterial(FcmFixture.ACCOUNT_KEYS));
		// Each line of the PEM, in case a message quoted part of it.
		ServiceAccounts.pem(FcmFixture.ACCOUNT_KEYS).lines().filter((line) -> !line.startsWith("-----"))
			.forEach(secrets::add);
		assertThat(google.issued()).hasSize(2);
		assertThat(logs).contains("Delivery").contains("No FCM access token");
		for (String secret : secrets) {
			assertThat(logs).doesNotContain(secret);
			assertThat(results).allSatisfy((result) -> assertThat(result.toString()).doesNotContain(secret));
		}
	}

}
