package dev.herald.functions.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying a failed delivery: exponential backoff, capped, with jitter so that deliveries
 * failing together (a provider outage) do not retry together.
 *
 * <p>
 * Before the attempt that follows {@code n} failed ones, the ceiling is {@code baseDelay × multiplierⁿ⁻¹}, at most
 * {@code maxDelay}; the delay is drawn uniformly from {@code [ceiling × (1 − jitterFraction), ceiling]}. A fraction of
 * {@link #FULL_JITTER 1} is "full jitter" (anywhere from zero to the ceiling, spreading retries most),
 * {@link #EQUAL_JITTER 0.5} is "equal jitter" (never less than half the ceiling), 0 is no jitter. Delays have
 * millisecond precision.
 *
 * @param baseDelay ceiling before the second attempt
 * @param multiplier growth per failed attempt, at least 1
 * @param maxDelay no delay is ever longer, {@code Retry-After} included
 * @param jitterFraction share of the ceiling that is random, from 0 to 1
 */
public record Backoff(Duration baseDelay, double multiplier, Duration maxDelay, double jitterFraction) {

	public static final double FULL_JITTER = 1.0;

	public static final double EQUAL_JITTER = 0.5;

	public static final double NO_JITTER = 0.0;

	public Backoff {
		Objects.requireNonNull(baseDelay, "baseDelay");
		Objects.requireNonNull(maxDelay, "maxDelay");
		if (baseDelay.isNegative()) {
			throw new IllegalArgumentException("baseDelay must not be negative, was " + baseDelay);
		}
		if (maxDelay.compareTo(baseDelay) < 0) {
			throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than baseDelay " + baseDelay);
		}
		if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
			throw new IllegalArgumentException("multiplier must be a finite number of at least 1, was " + multiplier);
		}
		if (!(jitterFraction >= 0.0 && jitterFraction <= 1.0)) {
			throw new IllegalArgumentException("jitterFraction must be from 0 to 1, was " + jitterFraction);
		}
		// toMillis() would overflow beyond this anyway; no retry waits for centuries.
		if (maxDelay.compareTo(Duration.ofDays(365)) > 0) {
			throw new IllegalArgumentException("maxDelay must be at most a year, was " + maxDelay);
		}
	}

	/**
	 * 30 s doubling up to 1 h, with equal jitter: a provider that is down for a while still sees a retry within the
	 * hour, and no retry comes sooner than half its ceiling.
	 */
	public static Backoff defaults() {
		return new Backoff(Duration.ofSeconds(30), 2.0, Duration.ofHours(1), EQUAL_JITTER);
	}

	/**
	 * How long to wait before the next attempt.
	 * @param attemptsMade how many attempts already failed, at least 1
	 * @param random source of jitter; pass a seeded one in tests
	 * @return from zero to {@link #maxDelay()}
	 */
	public Duration delayBeforeAttempt(int attemptsMade, RandomGenerator random) {
		if (attemptsMade < 1) {
			throw new IllegalArgumentException("attemptsMade must be at least 1, was " + attemptsMade);
		}
		Objects.requireNonNull(random, "random");
		double maxMillis = this.maxDelay.toMillis();
		// In doubles, huge attempt numbers give Infinity, never an overflowed long; the cap then applies.
		double ceiling = Math.min(this.baseDelay.toMillis() * Math.pow(this.multiplier, attemptsMade - 1.0), maxMillis);
		double delay = ceiling * (1.0 - this.jitterFraction) + ceiling * this.jitterFraction * random.nextDouble();
		long millis = (long) Math.floor(Math.min(delay, ceiling));
		return Duration.ofMillis(Math.clamp(millis, 0L, (long) maxMillis));
	}

	/**
	 * How long to wait before the next attempt when the provider asked for {@code retryAfter} (its
	 * {@code Retry-After}): whichever is longer, but never more than {@link #maxDelay()}, so a provider cannot park a
	 * delivery for days.
	 * @param retryAfter the provider's wish; {@code null} or negative when it expressed none
	 */
	public Duration delay(int attemptsMade, Duration retryAfter, RandomGenerator random) {
		Duration backoff = delayBeforeAttempt(attemptsMade, random);
		if (retryAfter == null || retryAfter.isNegative() || retryAfter.compareTo(backoff) <= 0) {
			return backoff;
		}
		return (retryAfter.compareTo(this.maxDelay) > 0) ? this.maxDelay : retryAfter;
	}

}
