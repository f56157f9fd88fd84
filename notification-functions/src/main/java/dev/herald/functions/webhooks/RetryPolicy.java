package dev.herald.functions.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import dev.herald.db.webhook.WebhookRepository.AttemptResult;
import dev.herald.db.webhook.WebhookRepository.Outcome;

/**
 * Whether a try is the message's last. A 2xx delivers it. Network errors, timeouts, 408, 429 and 5xx are tried again
 * after an exponentially growing, jittered wait (at least the endpoint's {@code Retry-After}, at most
 * {@code maxBackoff}), until {@code maxAttempts} tries are used up. Any other answer (a redirect, which is not
 * followed, or a 4xx such as 400, 401 or 410) means the endpoint refuses the message: it fails at once, as trying
 * the same bytes again would get the same answer.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter) {

	private static final int MAX_ERROR = 500;

	AttemptResult decide(Sent sent, int attemptSinceReplay, Instant started, Duration latency) {
		return switch (sent) {
			case Sent.Answered(int code, Duration retryAfter, String snippet) when code >= 200 && code < 300 ->
				new AttemptResult(Outcome.DELIVERED, started, latency, code, null, snippet, null);
			case Sent.Answered(int code, Duration retryAfter, String snippet) when code == 408 || code == 429
					|| code >= 500 ->
				retryOrGiveUp("HTTP " + code, code, retryAfter, snippet, attemptSinceReplay, started, latency);
			case Sent.Answered(int code, Duration retryAfter, String snippet) -> new AttemptResult(Outcome.FAILED,
					started, latency, code, "HTTP " + code + ": refused by the endpoint, not retried", snippet, null);
			case Sent.NotSent(String error, boolean retryable) when retryable ->
				retryOrGiveUp(error, null, null, null, attemptSinceReplay, started, latency);
			case Sent.NotSent(String error, boolean retryable) ->
				new AttemptResult(Outcome.FAILED, started, latency, null, bounded(error), null, null);
		};
	}

	private AttemptResult retryOrGiveUp(String error, Integer code, Duration retryAfter, String snippet,
			int attemptSinceReplay, Instant started, Duration latency) {
		if (attemptSinceReplay >= this.maxAttempts) {
			return new AttemptResult(Outcome.FAILED, started, latency, code,
					bounded("gave up after " + attemptSinceReplay + " tries; the last: " + error), snippet, null);
		}
		Duration wait = backoff(attemptSinceReplay);
		if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
			wait = (retryAfter.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : retryAfter;
		}
		return new AttemptResult(Outcome.RETRY_LATER, started, latency, code, bounded(error), snippet,
				started.plus(latency).plus(wait));
	}

	/** The wait after the given try: {@code initial × multiplier^(attempt-1)}, capped, less up to {@code jitter} of it. */
	Duration backoff(int attempt) {
		double millis = this.initialBackoff.toMillis() * Math.pow(this.multiplier, Math.max(0, attempt - 1));
		millis = Math.min(millis, this.maxBackoff.toMillis());
		millis -= millis * this.jitter * ThreadLocalRandom.current().nextDouble();
		return Duration.ofMillis(Math.max(0, Math.round(millis)));
	}

	private static String bounded(String error) {
		return (error == null || error.length() <= MAX_ERROR) ? error : error.substring(0, MAX_ERROR);
	}

}
