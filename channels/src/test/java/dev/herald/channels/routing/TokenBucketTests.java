package dev.herald.channels.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTests {

	private final MutableClock clock = new MutableClock();

	private final TokenBucket bucket = new TokenBucket(10, 5, this.clock::nanos);

	@Test
	void aBurstUpToItsSizeGoesAtOnceThenTheRateApplies() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.bucket.tryAcquire()).isZero();
		}
		assertThat(this.bucket.tryAcquire()).isEqualTo(Duration.ofMillis(100));

		this.clock.advance(Duration.ofMillis(100));

		assertThat(this.bucket.tryAcquire()).isZero();
	}

	@Test
	void waitingCallersGetSlotsSpreadAtTheRateNotAllTheSameMoment() {
		for (int i = 0; i < 5; i++) {
			this.bucket.tryAcquire();
		}
		List<Duration> waits = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			waits.add(this.bucket.tryAcquire());
		}

		assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
				Duration.ofMillis(400));
	}

	@Test
	void overTimeNoMoreThanTheRatePlusTheBurstGoesThrough() {
		int sent = 0;
		for (int tick = 0; tick < 1000; tick++) {
			if (this.bucket.tryAcquire().isZero()) {
				sent++;
			}
			this.clock.advance(Duration.ofMillis(10));
		}

		// 10 seconds at 10 per second, plus the initial burst of 5
		assertThat(sent).isBetween(100, 105);
	}

}
