package dev.herald.channels;

import java.time.Duration;

/** What a provider said about one message: delivered, try again later, never, or not now (rate limit). */
public sealed interface DeliveryResult {

	/** The provider that gave this answer, e.g. {@code smtp}. */
	String provider();

	/** The provider accepted the message. */
	record Delivered(String provider, String providerMessageId) implements DeliveryResult {
	}

	/**
	 * A transient failure: the same message may succeed later, possibly through another provider.
	 * @param retryAfter how long the provider asked us to wait, or {@code null} to use Herald's backoff
	 */
	record RetryLater(String provider, String reason, Duration retryAfter) implements DeliveryResult {
	}

	/**
	 * A permanent failure: sending the same message again cannot succeed, through this provider or another.
	 * @param cause what kind of permanent failure, so the caller can act (e.g. forget a device whose token is gone)
	 */
	record Rejected(String provider, String reason, Cause cause) implements DeliveryResult {

		public Rejected(String provider, String reason) {
			this(provider, reason, Cause.OTHER);
		}

	}

	/**
	 * Not sent, and not an attempt: the provider's sending rate is used up for now. The delivery waits in the queue
	 * for {@code retryAfter} and does not count this against its attempts.
	 */
	record Throttled(String provider, Duration retryAfter) implements DeliveryResult {
	}

	/** Kinds of permanent failure. */
	enum Cause {

		/** The address can never work, e.g. not a valid email address or phone number. */
		INVALID_ADDRESS,
		/** The address worked once but is gone: an unregistered or expired device token, an unknown mailbox. */
		ADDRESS_GONE,
		/** The recipient opted out at the provider (e.g. replied STOP to an SMS). */
		OPTED_OUT,
		/** The message itself is unacceptable, e.g. too long or refused as spam. */
		CONTENT,
		/** Anything else the provider refused for good. */
		OTHER

	}

}
