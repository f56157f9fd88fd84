package dev.herald.functions.webhooks;

import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTests {

	@Test
	void theStandardWebhooksPublishedTestVectorSignsExactly() {
		// The vector of the Standard Webhooks reference libraries (and Svix's): a receiver's library verifies ours.
		String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
				"msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

		assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void aChangedBodyIdOrTimestampChangesTheSignature() {
		String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
		String signed = WebhookSignature.sign(secret, "msg_1", 1614265330, "{\"test\": 1}");

		assertThat(WebhookSignature.sign(secret, "msg_1", 1614265330, "{\"test\": 2}")).isNotEqualTo(signed);
		assertThat(WebhookSignature.sign(secret, "msg_2", 1614265330, "{\"test\": 1}")).isNotEqualTo(signed);
		assertThat(WebhookSignature.sign(secret, "msg_1", 1614265331, "{\"test\": 1}")).isNotEqualTo(signed);
	}

	@Test
	void aNewSecretIsWhsecAndBase64OfThirtyTwoRandomBytes() {
		String secret = WebhookSignature.newSecret();

		assertThat(secret).startsWith("whsec_");
		assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
		assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
	}

	@Test
	void theWebhookIdIsTheMessagesIdAndTheSameEveryTime() {
		UUID message = UUID.fromString("0b5e8a52-1c1f-4c3e-9d0a-2f4c7a9d1e11");

		assertThat(WebhookSignature.webhookId(message)).isEqualTo("msg_0b5e8a521c1f4c3e9d0a2f4c7a9d1e11")
			.isEqualTo(WebhookSignature.webhookId(UUID.fromString(message.toString())));
	}

}
