package dev.herald.functions.webhooks;

import java.time.Duration;
import java.time.Instant;

import dev.herald.db.webhook.WebhookRepository.AttemptResult;
import dev.herald.db.webhook.WebhookRepository.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private static final Instant STARTED = Instant.parse("2026-11-20T10:00:00Z");

	private static final Duration LATENCY = Duration.ofMillis(40);

	private final RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(5), 4.0, Duration.ofHours(6), 0.0);

	@Test
	void aTwoHundredDeliversTheMessage() {
		AttemptResult result = this.policy.decide(new Sent.Answered(204, null, ""), 1, STARTED, LATENCY);

		assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(result.statusCode()).isEqualTo(204);
		assertThat(result.latency()).isEqualTo(LATENCY);
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 408, 429 })
	void serverErrorsTimeoutsAndThrottlingAreTriedAgainLater(int code) {
		AttemptResult result = this.policy.decide(new Sent.Answered(code, null, "busy"), 1, STARTED, LATENCY);

		assertThat(result.outcome()).isEqualTo(Outcome.RETRY_LATER);
		assertThat(result.nextAttemptAt()).isEqualTo(STARTED.plus(LATENCY).plusSeconds(5));
		assertThat(result.error()).isEqualTo("HTTP " + code);
		assertThat(result.responseSnippet()).isEqualTo("busy");
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 410, 301, 302 })
	void otherClientErrorsAndRedirectsFailAtOnce(int code) {
		AttemptResult result = this.policy.decide(new Sent.Answered(code, null, ""), 1, STARTED, LATENCY);

		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.error()).isEqualTo("HTTP " + code + ": refused by the endpoint, not retried");
		assertThat(result.nextAttemptAt()).isNull();
	}

	@Test
	void eachWaitIsLongerUpToTheMaximum() {
		assertThat(this.policy.backoff(1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.policy.backoff(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.policy.backoff(3)).isEqualTo(Duration.ofSeconds(80));
		assertThat(this.policy.backoff(9)).isEqualTo(Duration.ofHours(6));
	}

	@Test
	void jitterOnlyShortensTheWaitByUpToItsFraction() {
		RetryPolicy jittered = new RetryPolicy(10, Duration.ofSeconds(100), 2.0, Duration.ofHours(6), 0.5);

		for (int i = 0; i < 100; i++) {
			assertThat(jittered.backoff(1)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(100));
		}
	}

	@Test
	void retryAfterIsHonouredButNotBeyondTheMaximumWait() {
		AttemptResult honoured = this.policy.decide(new Sent.Answered(429, Duration.ofMinutes(2), ""), 1, STARTED,
				LATENCY);
		AttemptResult capped = this.policy.decide(new Sent.Answered(503, Duration.ofDays(3), ""), 1, STARTED, LATENCY);
		AttemptResult shorter = this.policy.decide(new Sent.Answered(503, Duration.ofSeconds(1), ""), 1, STARTED,
				LATENCY);

		assertThat(honoured.nextAttemptAt()).isEqualTo(STARTED.plus(LATENCY).plusSeconds(120));
		assertThat(capped.nextAttemptAt()).isEqualTo(STARTED.plus(LATENCY).plus(Duration.ofHours(6)));
		assertThat(shorter.nextAttemptAt()).as("never sooner than the backoff")
			.isEqualTo(STARTED.plus(LATENCY).plusSeconds(5));
	}

	@Test
	void networkErrorsAreTriedAgainAndAnEndpointThatMayNotBeCalledFailsAtOnce() {
		AttemptResult refused = this.policy.decide(new Sent.NotSent("connection refused", true), 1, STARTED, LATENCY);
		AttemptResult privateHost = this.policy.decide(
				new Sent.NotSent("the endpoint's host resolves to a private address", false), 1, STARTED, LATENCY);

		assertThat(refused.outcome()).isEqualTo(Outcome.RETRY_LATER);
		assertThat(refused.statusCode()).isNull();
		assertThat(privateHost.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(privateHost.error()).isEqualTo("the endpoint's host resolves to a private address");
	}

	@Test
	void theLastAllowedTryGivesUpAsFailedWithTheLastError() {
		AttemptResult result = this.policy.decide(new Sent.Answered(503, null, "down"), 10, STARTED, LATENCY);

		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.error()).isEqualTo("gave up after 10 tries; the last: HTTP 503");
	}

	@Test
	void theDefaultScheduleSpansAboutADay() {
		Duration total = Duration.ZERO;
		for (int attempt = 1; attempt < 10; attempt++) {
			total = total.plus(this.policy.backoff(attempt));
		}

		assertThat(total).isBetween(Duration.ofHours(18), Duration.ofHours(30));
	}

}
