package dev.herald.events.publisher;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a publisher tries again after a transient failure: exponential backoff from
 * {@code initialBackoff}, doubling up to {@code maxBackoff}, with jitter so that many publishers failing together
 * do not come back together.
 *
 * @param maxAttempts tries in all, the first included; at least 1
 * @param initialBackoff the wait before the second try
 * @param maxBackoff the longest wait; also the longest {@code Retry-After} honoured, beyond which the event fails
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

	/** 5 tries, waiting about 0.2, 0.4, 0.8 and 1.6 seconds between them; {@code Retry-After} up to 30 seconds. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(30));

	public RetryPolicy {
		Objects.requireNonNull(initialBackoff, "initialBackoff");
		Objects.requireNonNull(maxBackoff, "maxBackoff");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
		}
		if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("Backoffs must satisfy 0 <= initialBackoff <= maxBackoff");
		}
	}

	/** No retries: one try only. */
	public static RetryPolicy none() {
		return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
	}

	/**
	 * The wait after failed try number {@code attempt} (1 for the first): the exponential step with "equal jitter",
	 * half of it fixed and half random, so that it never collapses to nothing.
	 */
	Duration backoff(int attempt, RandomGenerator random) {
		long initial = this.initialBackoff.toMillis();
		long step = Math.min(this.maxBackoff.toMillis(), initial << Math.min(attempt - 1, 30));
		long half = step / 2;
		return Duration.ofMillis(half + ((half > 0) ? random.nextLong(half + 1) : 0));
	}

}
