package dev.herald.channels.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a provider that keeps failing. Closed: calls go through; after {@code failureThreshold} transient
 * failures in a row it opens and refuses calls for {@code openFor}; then it lets one probe through (half-open): success
 * closes it, failure opens it again for twice as long, up to {@code maxOpenFor}. Thread-safe.
 */
public final class CircuitBreaker {

	/** The breaker's state, as the console shows it. */
	public enum State {

		CLOSED, OPEN, HALF_OPEN

	}

	private final int failureThreshold;

	private final Duration openFor;

	private final Duration maxOpenFor;

	private final Clock clock;

	private State state = State.CLOSED;

	private int consecutiveFailures;

	private Duration currentOpenFor;

	private Instant openUntil = Instant.MIN;

	private boolean probeInFlight;

	public CircuitBreaker(int failureThreshold, Duration openFor, Duration maxOpenFor, Clock clock) {
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("failureThreshold must be at least 1");
		}
		this.failureThreshold = failureThreshold;
		this.openFor = openFor;
		this.maxOpenFor = maxOpenFor;
		this.currentOpenFor = openFor;
		this.clock = clock;
	}

	/** Whether a call may go out now; a {@code true} in half-open state reserves the single probe. */
	public synchronized boolean tryAcquire() {
		return switch (this.state) {
			case CLOSED -> true;
			case OPEN -> {
				if (this.clock.instant().isBefore(this.openUntil)) {
					yield false;
				}
				this.state = State.HALF_OPEN;
				this.probeInFlight = true;
				yield true;
			}
			case HALF_OPEN -> {
				if (this.probeInFlight) {
					yield false;
				}
				this.probeInFlight = true;
				yield true;
			}
		};
	}

	/** Gives back a permit that was not used for a call (e.g. the rate limit said wait). */
	public synchronized void release() {
		if (this.state == State.HALF_OPEN) {
			this.probeInFlight = false;
		}
	}

	/** The provider answered: delivered, or refused the message for good (which is not the provider failing). */
	public synchronized void onSuccess() {
		this.state = State.CLOSED;
		this.consecutiveFailures = 0;
		this.currentOpenFor = this.openFor;
		this.probeInFlight = false;
	}

	/** The provider failed transiently: down, timing out, throttling us, refusing credentials. */
	public synchronized void onFailure() {
		this.probeInFlight = false;
		if (this.state == State.HALF_OPEN) {
			this.currentOpenFor = min(this.currentOpenFor.multipliedBy(2), this.maxOpenFor);
			open();
			return;
		}
		this.consecutiveFailures++;
		if (this.state == State.CLOSED && this.consecutiveFailures >= this.failureThreshold) {
			open();
		}
	}

	public synchronized State state() {
		if (this.state == State.OPEN && !this.clock.instant().isBefore(this.openUntil)) {
			return State.HALF_OPEN;
		}
		return this.state;
	}

	/** How long until an open breaker lets a probe through; zero when it would now. */
	public synchronized Duration remainingOpen() {
		Duration left = Duration.between(this.clock.instant(), this.openUntil);
		return (this.state == State.OPEN && !left.isNegative()) ? left : Duration.ZERO;
	}

	private void open() {
		this.state = State.OPEN;
		this.openUntil = this.clock.instant().plus(this.currentOpenFor);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
