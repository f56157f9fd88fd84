package dev.herald.channels.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, for breakers and buckets whose behaviour depends on time. */
final class MutableClock extends Clock {

	private Instant now = Instant.parse("2026-11-25T10:00:00Z");

	void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	long nanos() {
		return this.now.getEpochSecond() * 1_000_000_000L + this.now.getNano();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
