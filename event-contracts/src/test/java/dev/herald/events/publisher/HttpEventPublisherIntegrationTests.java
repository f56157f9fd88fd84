package dev.herald.events.publisher;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.herald.events.CloudEvent;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.publisher.ScriptedHttpServer.Answer;
import dev.herald.events.publisher.ScriptedHttpServer.Request;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HttpEventPublisherIntegrationTests {

	private static final String API_KEY = "hk_live_4f6c1d0e9a";

	private static final String PROBLEM = "application/problem+json";

	private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofSeconds(2));

	private final EventBuilders events = EventBuilders.from("https://dongne-market.example.com");

	private ScriptedHttpServer herald;

	@BeforeEach
	void startHerald() throws Exception {
		this.herald = new ScriptedHttpServer();
	}

	@AfterEach
	void stopHerald() {
		this.herald.close();
	}

	@Test
	void postsTheCloudEventWithTheApiKeyAndReportsTheDeliveries() {
		CloudEvent event = event();
		this.herald.answer(accepted(event, 2));

		PublishResult result = publisher(FAST).publish(event);

		assertThat(result).isEqualTo(new PublishResult.Accepted(event.id(), 2));
		Request request = this.herald.requests().getFirst();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/api/v1/events");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
		assertThat(request.header("Content-Type")).isEqualTo("application/cloudevents+json; charset=utf-8");
		assertThat(JsonMapper.shared().readTree(request.body())).isEqualTo(JsonMapper.shared().readTree(event.toJson()));
	}

	@Test
	void retriesA503AndSendsTheSameEventIdEveryTime() {
		CloudEvent event = event();
		this.herald.answer(Answer.of(503, PROBLEM, "{\"title\":\"Service Unavailable\",\"status\":503}"))
			.answer(Answer.of(502, "text/html", "<html>Bad Gateway</html>"))
			.answer(accepted(event, 1));

		PublishResult result = publisher(FAST).publish(event);

		assertThat(result).isEqualTo(new PublishResult.Accepted(event.id(), 1));
		List<Request> requests = this.herald.requests();
		assertThat(requests).hasSize(3);
		assertThat(requests).extracting((request) -> JsonMapper.shared().readTree(request.body()).get("id").asString())
			.containsOnly(event.id());
		assertThat(requests).extracting(Request::body).containsOnly(requests.getFirst().body());
	}

	@Test
	void aRepeatHeraldAlreadyStoredIsADuplicateAndCountsAsPublished() {
		CloudEvent event = event();
		// The first try reached Herald, but its answer was lost: the retry finds the event stored.
		this.herald.answer(Answer.of(504, "text/plain", "Gateway Timeout"))
			.answer(Answer.of(200, "application/json",
					"{\"eventId\":\"" + event.id() + "\",\"status\":\"duplicate\",\"deliveries\":0}"));

		assertThat(publisher(FAST).publish(event)).isEqualTo(new PublishResult.Duplicate(event.id()));
	}

	@Test
	void waitsAsLongAsA429sRetryAfterAsks() {
		CloudEvent event = event();
		this.herald.answer(Answer.of(429, PROBLEM, "{\"title\":\"Too Many Requests\"}").withHeader("Retry-After", "1"))
			.answer(accepted(event, 1));

		PublishResult result = publisher(FAST).publish(event);

		assertThat(result).isInstanceOf(PublishResult.Accepted.class);
		List<Request> requests = this.herald.requests();
		assertThat(Duration.ofNanos(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aRetryAfterLongerThanThePolicyAllowsFailsTheEventRatherThanHoldingTheCaller() {
		CloudEvent event = event();
		this.herald.answer(Answer.of(429, PROBLEM, "{\"title\":\"Too Many Requests\"}").withHeader("Retry-After", "3600"));

		PublishResult result = publisher(FAST).publish(event);

		assertThat(result).isInstanceOfSatisfying(PublishResult.Failed.class, (failed) -> {
			assertThat(failed.eventId()).isEqualTo(event.id());
			assertThat(failed.attempts()).isEqualTo(1);
			assertThat(failed.reason()).contains("HTTP 429").contains("asked to wait 3600 s");
		});
		assertThat(this.herald.requests()).hasSize(1);
	}

	@Test
	void anInvalidEventIsRejectedWithHeraldsReasonsAndNotRetried() {
		CloudEvent event = event();
		this.herald.answer(Answer.of(400, PROBLEM, """
				{"type":"https://herald.dev/problems/invalid-event","title":"Invalid event","status":400,
				 "detail":"2 problem(s) with the event; see 'errors'","rejectionId":"9d1c",
				 "errors":[{"path":"$.data.customer.phone","message":"must be a phone number in E.164 form"},
				           {"path":"$.data.totals.currency","message":"must be an ISO 4217 currency code"}]}"""));

		PublishResult result = publisher(FAST).publish(event);

		assertThat(result).isEqualTo(new PublishResult.Rejected(event.id(),
				List.of(new Problem("$.data.customer.phone", "must be a phone number in E.164 form"),
						new Problem("$.data.totals.currency", "must be an ISO 4217 currency code"))));
		assertThat(this.herald.requests()).hasSize(1);
	}

	@Test
	void aWrongApiKeyThrowsWithHeraldsReasonAndIsNotRetried() {
		this.herald.answer(Answer.of(401, PROBLEM,
				"{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"A valid API key is required\"}"));

		assertThatExceptionOfType(PublishException.class).isThrownBy(() -> publisher(FAST).publish(event()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(401);
				assertThat(ex.reasons()).containsExactly(new Problem("$", "A valid API key is required"));
			})
			.withMessageContaining("HTTP 401")
			.withMessageNotContaining(API_KEY);
		assertThat(this.herald.requests()).hasSize(1);
	}

	@Test
	void aWrongUrlThrowsAndIsNotRetried() {
		this.herald.answer(Answer.of(404, "text/html", "<h1>Not Found</h1>"));

		assertThatExceptionOfType(PublishException.class).isThrownBy(() -> publisher(FAST).publish(event()))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(404));
		assertThat(this.herald.requests()).hasSize(1);
	}

	@Test
	void anAnswerThatTakesTooLongIsRetriedWithTheSameEvent() {
		CloudEvent event = event();
		this.herald.answer(accepted(event, 1).after(Duration.ofSeconds(2))).answer(accepted(event, 1));
		HttpPublisherSettings settings = HttpPublisherSettings.of(this.herald.url().toString(), API_KEY)
			.withRetry(FAST)
			.withTimeout(Duration.ofMillis(300));

		PublishResult result;
		try (HttpEventPublisher publisher = new HttpEventPublisher(settings)) {
			result = publisher.publish(event);
		}

		assertThat(result).isEqualTo(new PublishResult.Accepted(event.id(), 1));
		assertThat(this.herald.requests()).hasSize(2)
			.extracting(Request::body)
			.containsOnly(this.herald.requests().getFirst().body());
	}

	@Test
	void givesUpAfterTheLastTryAndSaysWhy() {
		for (int i = 0; i < 4; i++) {
			this.herald.answer(Answer.of(500, PROBLEM, "{\"title\":\"Internal Server Error\",\"detail\":\"database down\"}"));
		}
		CloudEvent event = event();

		PublishResult result = publisher(FAST).publish(event);

		assertThat(result).isEqualTo(new PublishResult.Failed(event.id(), "HTTP 500: database down", 4));
		assertThat(this.herald.requests()).hasSize(4);
	}

	@Test
	void aRefusedConnectionIsRetriedUntilTheLastTry() {
		String url = this.herald.url().toString();
		this.herald.close();

		PublishResult result = new HttpEventPublisher(HttpPublisherSettings.of(url, API_KEY).withRetry(FAST))
			.publish(event());

		assertThat(result).isInstanceOfSatisfying(PublishResult.Failed.class,
				(failed) -> assertThat(failed.attempts()).isEqualTo(4));
	}

	@Test
	void publishesSeveralEventsInOrderWithAResultEach() {
		CloudEvent first = event();
		CloudEvent second = event();
		CloudEvent third = event();
		this.herald.answer(accepted(first, 1))
			.answer(Answer.of(400, PROBLEM, "{\"title\":\"Invalid event\",\"errors\":[{\"path\":\"$.id\",\"message\":\"is required\"}]}"))
			.answer(Answer.of(200, "application/json", "{\"eventId\":\"" + third.id() + "\",\"status\":\"duplicate\"}"));

		List<PublishResult> results = publisher(FAST).publishAll(List.of(first, second, third));

		assertThat(results).containsExactly(new PublishResult.Accepted(first.id(), 1),
				new PublishResult.Rejected(second.id(), List.of(new Problem("$.id", "is required"))),
				new PublishResult.Duplicate(third.id()));
	}

	@Test
	void theReadmesTenLinesPublishAnOrder() {
		String apiKey = API_KEY;
		this.herald.answer((request) -> Answer.of(202, "application/json", "{\"status\":\"accepted\",\"deliveries\":1}"));

		// As in README.md, but for Herald's URL.
		EventBuilders events = EventBuilders.from("https://shop.example.com");
		EventPublisher herald = new HttpEventPublisher(HttpPublisherSettings.of(this.herald.url().toString(), apiKey));

		CloudEvent placed = events.orderPlaced()
			.customer("cus_20931").customerEmail("minji.kim@example.com").customerLocale("ko-KR")
			.orderId("ord_1001").orderNumber("DM-1001").placedAt(java.time.Instant.now())
			.line("TEA-100G", "Jeju green tea 100 g", 2, "18000", "36000")
			.currency("KRW").subtotal("36000").total("36000")
			.build();

		PublishResult result = herald.publish(placed);

		assertThat(result).isEqualTo(new PublishResult.Accepted(placed.id(), 1));
		assertThat(this.herald.requests().getFirst().body()).contains("\"orderNumber\":\"DM-1001\"");
	}

	@Test
	void theSettingsNeverShowTheApiKey() {
		assertThat(HttpPublisherSettings.of("https://herald.example.com", API_KEY).toString()).doesNotContain(API_KEY);
	}

	@Test
	void postsUnderTheBaseUrlsPath() {
		assertThat(HttpPublisherSettings.of("https://example.com/herald", API_KEY).eventsUrl())
			.hasToString("https://example.com/herald/api/v1/events");
	}

	private HttpEventPublisher publisher(RetryPolicy retry) {
		return new HttpEventPublisher(HttpPublisherSettings.of(this.herald.url().toString(), API_KEY).withRetry(retry));
	}

	private CloudEvent event() {
		return EventBuildersTests.Events.minimal(this.events, EventType.PAYMENT_SUCCEEDED).build();
	}

	private static Answer accepted(CloudEvent event, int deliveries) {
		return Answer.of(202, "application/json",
				"{\"eventId\":\"" + event.id() + "\",\"status\":\"accepted\",\"deliveries\":" + deliveries + "}");
	}

}
