package dev.herald.channels;

import java.time.Duration;

/** What a provider said about one message: delivered, try again later, or never. */
public sealed interface DeliveryResult {

	/** The provider that gave this answer, e.g. {@code smtp}. */
	String provider();

	/** The provider accepted the message. */
	record Delivered(String provider, String providerMessageId) implements DeliveryResult {
	}

	/**
	 * A transient failure: the same message may succeed later.
	 * @param retryAfter how long the provider asked us to wait, or {@code null} to use Herald's backoff
	 */
	record RetryLater(String provider, String reason, Duration retryAfter) implements DeliveryResult {
	}

	/** A permanent failure: sending the same message again cannot succeed. */
	record Rejected(String provider, String reason) implements DeliveryResult {
	}

}
