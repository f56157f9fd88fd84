package dev.herald.functions.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The test receiver's verification itself, so that the integration tests' "verified" means something. */
class WebhookReceiverTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	@Test
	void aSignatureHeraldMadeVerifiesAndATamperedOneDoesNot() {
		String now = Long.toString(Instant.now().getEpochSecond());
		String body = "{\"type\":\"delivery.bounced\"}";
		String signature = WebhookSignature.sign(SECRET, "msg_1", Long.parseLong(now), body);

		assertThat(verifies("msg_1", now, signature, body)).isTrue();
		assertThat(verifies("msg_1", now, "v1,bm9wZQ== " + signature, body)).as("one of several").isTrue();
		assertThat(verifies("msg_1", now, signature, body.replace("bounced", "delivered"))).isFalse();
		assertThat(verifies("msg_2", now, signature, body)).isFalse();
		assertThat(verifies("msg_1", now, signature.replace("v1,", "v2,"), body)).isFalse();
		assertThat(verifies("msg_1", now, signature, body)).isTrue();
		assertThat(WebhookReceiver.verifies("whsec_c2VjcmV0", "msg_1", now, signature,
				body.getBytes(StandardCharsets.UTF_8))).as("another secret").isFalse();
	}

	@Test
	void aStaleTimestampDoesNotVerifyEvenWithItsRightSignature() {
		// The spec's vector: right signature, but signed in 2021.
		assertThat(verifies("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
				"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "{\"test\": 2432232314}")).isFalse();
	}

	private static boolean verifies(String id, String timestamp, String signature, String body) {
		return WebhookReceiver.verifies(SECRET, id, timestamp, signature, body.getBytes(StandardCharsets.UTF_8));
	}

}
