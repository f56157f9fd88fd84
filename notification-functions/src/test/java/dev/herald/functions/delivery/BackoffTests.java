package dev.herald.functions.delivery;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTests {

	private static final Backoff NO_JITTER = new Backoff(Duration.ofSeconds(30), 2.0, Duration.ofHours(1),
			Backoff.NO_JITTER);

	@Test
	void defaultsStartAtThirtySecondsDoubleUpToAnHourWithEqualJitter() {
		Backoff defaults = Backoff.defaults();

		assertThat(defaults.baseDelay()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.multiplier()).isEqualTo(2.0);
		assertThat(defaults.maxDelay()).isEqualTo(Duration.ofHours(1));
		assertThat(defaults.jitterFraction()).isEqualTo(Backoff.EQUAL_JITTER);
	}

	@Test
	void delayGrowsExponentiallyWithEveryFailedAttempt() {
		RandomGenerator random = new SplittableRandom(1);

		assertThat(NO_JITTER.delayBeforeAttempt(1, random)).isEqualTo(Duration.ofSeconds(30));
		assertThat(NO_JITTER.delayBeforeAttempt(2, random)).isEqualTo(Duration.ofSeconds(60));
		assertThat(NO_JITTER.delayBeforeAttempt(3, random)).isEqualTo(Duration.ofSeconds(120));
		assertThat(NO_JITTER.delayBeforeAttempt(4, random)).isEqualTo(Duration.ofSeconds(240));
		assertThat(NO_JITTER.delayBeforeAttempt(7, random)).isEqualTo(Duration.ofSeconds(1920));
	}

	@Test
	void delayIsCappedAtTheMaximum() {
		RandomGenerator random = new SplittableRandom(1);

		// 30 s × 2^7 = 64 min, past the 1 h cap.
		assertThat(NO_JITTER.delayBeforeAttempt(8, random)).isEqualTo(Duration.ofHours(1));
		assertThat(NO_JITTER.delayBeforeAttempt(20, random)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void equalJitterStaysBetweenHalfTheCeilingAndTheCeiling() {
		Backoff backoff = Backoff.defaults();
		RandomGenerator random = new SplittableRandom(42);

		for (int attempt = 1; attempt <= 12; attempt++) {
			long ceiling = Math.min(30_000L << (attempt - 1), 3_600_000L);
			for (int i = 0; i < 500; i++) {
				assertThat(backoff.delayBeforeAttempt(attempt, random).toMillis()).as("attempt %d", attempt)
					.isBetween(ceiling / 2, ceiling);
			}
		}
	}

	@Test
	void fullJitterSpreadsFromZeroToTheCeiling() {
		Backoff backoff = new Backoff(Duration.ofSeconds(30), 2.0, Duration.ofHours(1), Backoff.FULL_JITTER);
		RandomGenerator random = new SplittableRandom(7);
		long smallest = Long.MAX_VALUE;
		long largest = 0;

		for (int i = 0; i < 2_000; i++) {
			long millis = backoff.delayBeforeAttempt(3, random).toMillis();
			assertThat(millis).isBetween(0L, 120_000L);
			smallest = Math.min(smallest, millis);
			largest = Math.max(largest, millis);
		}

		// Actually spread over the range, not stuck at one end.
		assertThat(smallest).isLessThan(10_000L);
		assertThat(largest).isGreaterThan(110_000L);
	}

	@Test
	void sameSeedGivesSameDelays() {
		Backoff backoff = Backoff.defaults();

		assertThat(backoff.delayBeforeAttempt(5, new SplittableRandom(99)))
			.isEqualTo(backoff.delayBeforeAttempt(5, new SplittableRandom(99)));
	}

	@Test
	void retryAfterLongerThanTheBackoffIsHonoured() {
		Duration delay = NO_JITTER.delay(1, Duration.ofMinutes(10), new SplittableRandom(1));

		assertThat(delay).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void retryAfterShorterThanTheBackoffLeavesTheBackoff() {
		Duration delay = NO_JITTER.delay(3, Duration.ofSeconds(5), new SplittableRandom(1));

		assertThat(delay).isEqualTo(Duration.ofSeconds(120));
	}

	@Test
	void retryAfterBeyondTheMaximumIsCapped() {
		Duration delay = NO_JITTER.delay(1, Duration.ofDays(3), new SplittableRandom(1));

		assertThat(delay).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void missingOrNegativeRetryAfterLeavesTheBackoff() {
		assertThat(NO_JITTER.delay(2, null, new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(60));
		assertThat(NO_JITTER.delay(2, Duration.ofSeconds(-5), new SplittableRandom(1)))
			.isEqualTo(Duration.ofSeconds(60));
	}

	@ParameterizedTest
	@ValueSource(ints = { 63, 64, 1_000, 1_000_000, Integer.MAX_VALUE })
	void hugeAttemptNumbersNeitherOverflowNorExceedTheMaximum(int attemptsMade) {
		RandomGenerator random = new SplittableRandom(3);

		assertThat(NO_JITTER.delayBeforeAttempt(attemptsMade, random)).isEqualTo(Duration.ofHours(1));
		for (int i = 0; i < 100; i++) {
			Duration delay = Backoff.defaults().delay(attemptsMade, Duration.ofDays(400), random);
			assertThat(delay).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Duration.ofHours(1));
		}
	}

	@Test
	void aMultiplierOfOneGivesAConstantDelay() {
		Backoff constant = new Backoff(Duration.ofSeconds(10), 1.0, Duration.ofMinutes(1), Backoff.NO_JITTER);

		assertThat(constant.delayBeforeAttempt(1, new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(10));
		assertThat(constant.delayBeforeAttempt(1_000, new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void attemptsMadeMustBeAtLeastOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> NO_JITTER.delayBeforeAttempt(0, new SplittableRandom(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NO_JITTER.delayBeforeAttempt(-3, new SplittableRandom(1)));
	}

	@Test
	void nonsensicalSettingsAreRejected() {
		Duration minute = Duration.ofMinutes(1);
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofSeconds(-1), 2.0, minute, 0.5));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofHours(2), 2.0, minute, 0.5));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(minute, 0.5, minute, 0.5));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(minute, Double.NaN, minute, 0.5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(minute, Double.POSITIVE_INFINITY, minute, 0.5));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(minute, 2.0, minute, 1.5));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(minute, 2.0, minute, -0.1));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(minute, 2.0, Duration.ofDays(1000), 0.5));
	}

}
