package dev.herald.channels.http;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

	@Test
	void delaySecondsAreTakenAsTheyAre() {
		assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofMinutes(2));
		assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void anHttpDateIsTheTimeUntilThen() {
		assertThat(RetryAfter.parse("Mon, 02 Mar 2026 10:16:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void anHttpDateInThePastMeansNow() {
		assertThat(RetryAfter.parse("Mon, 02 Mar 2026 10:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "soon", "-5", "1.5", "99999999999999999999999", "2026-03-02T10:16:00Z" })
	void anythingElseLeavesTheWaitToHerald(String value) {
		assertThat(RetryAfter.parse(value, NOW)).isNull();
	}

}
