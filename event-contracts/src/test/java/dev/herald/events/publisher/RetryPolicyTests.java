package dev.herald.events.publisher;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(2));

	@Test
	void theWaitDoublesWithEachTryAndNeverFallsBelowHalfItsStep() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 200; i++) {
			assertThat(this.policy.backoff(1, random)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
			assertThat(this.policy.backoff(2, random)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
			assertThat(this.policy.backoff(3, random)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
		}
	}

	@Test
	void theWaitStopsGrowingAtTheMaximum() {
		SplittableRandom random = new SplittableRandom(7);
		for (int attempt = 5; attempt < 100; attempt++) {
			assertThat(this.policy.backoff(attempt, random)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
		}
	}

	@Test
	void theWaitIsJitteredSoThatPublishersFailingTogetherDoNotReturnTogether() {
		SplittableRandom random = new SplittableRandom(1);
		Set<Duration> waits = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			waits.add(this.policy.backoff(3, random));
		}
		assertThat(waits).hasSizeGreaterThan(10);
	}

	@Test
	void refusesPoliciesThatCannotWork() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
		assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
	}

}
