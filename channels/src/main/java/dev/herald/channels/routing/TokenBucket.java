package dev.herald.channels.routing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A provider's sending rate for one tenant: {@code ratePerSecond} tokens a second, up to {@code burst} saved up.
 * A send takes one token; with none left the caller is given a later slot to come back at and the delivery waits in
 * the queue until then, neither sent nor dropped. Slots are handed out one token-interval apart, so a burst of
 * waiting deliveries comes back spread at the sending rate rather than all at once. Thread-safe. The limit holds per
 * process: several server instances or Lambda containers each get the full rate, so configure it per instance.
 */
public final class TokenBucket {

	private final double ratePerNano;

	private final long interval;

	private final double capacity;

	private final LongSupplier nanoTime;

	private double tokens;

	private long refilledAt;

	private long nextSlot;

	public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
		if (ratePerSecond <= 0 || burst < 1) {
			throw new IllegalArgumentException("a sending rate needs a positive rate and a burst of at least 1");
		}
		this.ratePerNano = ratePerSecond / 1e9;
		this.interval = (long) Math.ceil(1e9 / ratePerSecond);
		this.capacity = burst;
		this.nanoTime = nanoTime;
		this.tokens = burst;
		this.refilledAt = nanoTime.getAsLong();
		this.nextSlot = this.refilledAt;
	}

	public TokenBucket(double ratePerSecond, int burst) {
		this(ratePerSecond, burst, System::nanoTime);
	}

	/** Takes a token: {@link Duration#ZERO} when one was there, else how long to wait before coming back. */
	public synchronized Duration tryAcquire() {
		long now = this.nanoTime.getAsLong();
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.ratePerNano);
		this.refilledAt = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return Duration.ZERO;
		}
		long firstToken = now + (long) Math.ceil((1 - this.tokens) / this.ratePerNano);
		long slot = Math.max(firstToken, this.nextSlot);
		this.nextSlot = slot + this.interval;
		return Duration.ofNanos(slot - now);
	}

}
