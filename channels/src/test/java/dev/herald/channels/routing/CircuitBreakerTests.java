package dev.herald.channels.routing;

import java.time.Duration;

import dev.herald.channels.routing.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTests {

	private final MutableClock clock = new MutableClock();

	private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), Duration.ofMinutes(2), this.clock);

	@Test
	void opensAfterTheThresholdOfFailuresInARowAndRefusesCallsWhileOpen() {
		for (int i = 0; i < 2; i++) {
			assertThat(this.breaker.tryAcquire()).isTrue();
			this.breaker.onFailure();
		}
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		this.breaker.tryAcquire();
		this.breaker.onFailure();

		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
		assertThat(this.breaker.tryAcquire()).isFalse();
		assertThat(this.breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aSuccessInBetweenResetsTheCount() {
		this.breaker.onFailure();
		this.breaker.onFailure();
		this.breaker.onSuccess();
		this.breaker.onFailure();
		this.breaker.onFailure();

		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void afterTheCooldownOneProbeGoesThroughAndItsSuccessClosesTheCircuit() {
		open();
		this.clock.advance(Duration.ofSeconds(30));

		assertThat(this.breaker.tryAcquire()).as("the probe").isTrue();
		assertThat(this.breaker.tryAcquire()).as("only one probe at a time").isFalse();
		this.breaker.onSuccess();

		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	@Test
	void aFailedProbeOpensItAgainForTwiceAsLongUpToTheMaximum() {
		open();
		this.clock.advance(Duration.ofSeconds(30));
		this.breaker.tryAcquire();
		this.breaker.onFailure();
		assertThat(this.breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(60));
		this.clock.advance(Duration.ofSeconds(60));
		this.breaker.tryAcquire();
		this.breaker.onFailure();
		this.clock.advance(Duration.ofSeconds(120));
		this.breaker.tryAcquire();
		this.breaker.onFailure();

		assertThat(this.breaker.remainingOpen()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void anUnusedProbePermitIsGivenBack() {
		open();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.breaker.tryAcquire()).isTrue();

		this.breaker.release();

		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	private void open() {
		for (int i = 0; i < 3; i++) {
			this.breaker.tryAcquire();
			this.breaker.onFailure();
		}
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
	}

}
