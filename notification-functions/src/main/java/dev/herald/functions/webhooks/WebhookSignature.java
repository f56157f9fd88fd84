package dev.herald.functions.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing as the Standard Webhooks spec has it: secrets are {@code whsec_} and base64 of random bytes, and a message
 * is signed with HMAC-SHA256, keyed by the decoded bytes, over {@code {webhook-id}.{webhook-timestamp}.{body}},
 * sent as {@code webhook-signature: v1,<base64>}.
 */
public final class WebhookSignature {

	public static final String SECRET_PREFIX = "whsec_";

	/** 32 bytes: the spec asks for 24 to 64. */
	private static final int SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSignature() {
	}

	/** A new endpoint secret, e.g. {@code whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw…}. */
	public static String newSecret() {
		byte[] key = new byte[SECRET_BYTES];
		RANDOM.nextBytes(key);
		return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/** The {@code webhook-id} of an outbox message: the same on every try and replay of it. */
	public static String webhookId(UUID messageId) {
		return "msg_" + messageId.toString().replace("-", "");
	}

	/** The {@code webhook-signature} header's value. */
	public static String sign(String secret, String webhookId, long timestampSeconds, String body) {
		String key = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
			byte[] signature = mac.doFinal((webhookId + "." + timestampSeconds + "." + body)
				.getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every JDK", ex);
		}
	}

}
