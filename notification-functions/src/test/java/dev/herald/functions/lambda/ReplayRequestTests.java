package dev.herald.functions.lambda;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** The replay's request as {@code aws lambda invoke --payload} gives it. */
class ReplayRequestTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void anEmptyRequestLooksAtTheDefaultNumberOfDeadLetters() {
		assertThat(JSON.readValue("{}", ReplayRequest.class).max()).isEqualTo(ReplayRequest.DEFAULT_MAX);
	}

	@Test
	void aMaxAboveTheLimitIsLoweredToIt() {
		assertThat(JSON.readValue("{\"max\": 500}", ReplayRequest.class).max()).isEqualTo(500);
		assertThat(JSON.readValue("{\"max\": 50000}", ReplayRequest.class).max()).isEqualTo(ReplayRequest.LIMIT);
	}

	@Test
	void aMaxBelowOneIsRefused() {
		assertThatException().isThrownBy(() -> JSON.readValue("{\"max\": 0}", ReplayRequest.class))
			.withStackTraceContaining("max must be at least 1");
	}

}
