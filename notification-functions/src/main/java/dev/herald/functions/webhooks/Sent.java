package dev.herald.functions.webhooks;

import java.time.Duration;

/** What one try to send a message came to, before deciding whether to try again. */
sealed interface Sent {

	/**
	 * The endpoint answered.
	 * @param retryAfter its {@code Retry-After}, when it gave one
	 * @param snippet the start of its answer
	 */
	record Answered(int statusCode, Duration retryAfter, String snippet) implements Sent {
	}

	/**
	 * No answer: the endpoint could not be reached, timed out, or may not be called.
	 * @param retryable whether trying again later may work (a timeout may; a host resolving to a private address not)
	 */
	record NotSent(String error, boolean retryable) implements Sent {
	}

}
