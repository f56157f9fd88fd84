package dev.herald.channels.push.fcm;

import java.time.Duration;

/**
 * No access token could be had. The message is a reason fit for a {@code RetryLater}: it never holds the private
 * key, the signed assertion or a token.
 */
final class TokenUnavailableException extends Exception {

	private final transient Duration retryAfter;

	TokenUnavailableException(String reason, Duration retryAfter) {
		super(reason, null, false, false);
		this.retryAfter = retryAfter;
	}

	/** How long the token endpoint asked us to wait, or {@code null}. */
	Duration retryAfter() {
		return this.retryAfter;
	}

}
