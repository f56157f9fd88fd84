package dev.herald.channels.push.apns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.herald.channels.Channel;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.push.apns.FakeApns.Answer;
import dev.herald.channels.push.apns.FakeApns.Received;
import dev.herald.channels.testing.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;

class ApnsSecretsTests {

	private final ApnsFixture fixture = new ApnsFixture();

	ApnsSecretsTests() throws Exception {
	}

	@AfterEach
	void stopFake() throws Exception {
		this.fixture.close();
	}

	@Test
	void signingKeyAndProviderTokensAppearInNoResultAndNoLogLine() {
		List<DeliveryResult> results = new ArrayList<>();
		String logs;
		try (CapturedLogs captured = new CapturedLogs()) {
			Channel channel = this.fixture.channel();
			results.add(channel.send(ApnsFixture.push(Map.of())));
			this.fixture.apns.answer(Answer.error(403, "InvalidProviderToken"));
			results.add(channel.send(ApnsFixture.push(Map.of())));
			this.fixture.clock.advance(Duration.ofMinutes(51));
			results.add(channel.send(ApnsFixture.push(Map.of())));
			this.fixture.apns.answer(Answer.error(410, "Unregistered"));
			results.add(channel.send(ApnsFixture.push(Map.of())));
			logs = captured.all();
		}

		List<String> secrets = new ArrayList<>();
		this.fixture.apns.received().stream().map(Received::jwt).distinct().forEach(secrets::add);
		assertThat(secrets).hasSize(2);
		secrets.add(SigningKeys.keyMaterial(ApnsFixture.TEAM_KEYS));
		SigningKeys.p8(ApnsFixture.TEAM_KEYS).lines().filter((line) -> !line.startsWith("-----"))
			.forEach(secrets::add);
		assertThat(logs).contains("Delivery");
		for (String secret : secrets) {
			assertThat(logs).doesNotContain(secret);
			assertThat(results).allSatisfy((result) -> assertThat(result.toString()).doesNotContain(secret));
		}
	}

}
