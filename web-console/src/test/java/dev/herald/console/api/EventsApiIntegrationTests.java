package dev.herald.console.api;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.herald.console.local.DevelopmentMailbox;
import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventsApiIntegrationTests extends LocalServerIntegrationTest {

	private static final String KEY = API_KEY;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final DevelopmentMailbox mailbox;

	private final JdbcClient jdbc;

	EventsApiIntegrationTests(DevelopmentMailbox mailbox, JdbcClient jdbc) {
		this.mailbox = mailbox;
		this.jdbc = jdbc;
	}

	@Test
	void anAcceptedOrderBecomesAnEmailInTheDevelopmentMailbox() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();

		HttpResponse<String> response = post(KEY, "application/json", SampleEvents.json(EventType.ORDER_PLACED, eventId));

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.get("eventId").asString()).isEqualTo(eventId);
		assertThat(answer.get("status").asString()).isEqualTo("accepted");
		assertThat(answer.get("deliveries").asInt()).as("email, and push skipped for want of a device").isEqualTo(2);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.mailbox.messages()).anySatisfy((mail) -> assertThat(
					this.jdbc.sql("select e.event_id from deliveries d join events e on e.id = d.event_ref where d.id = cast(:id as uuid)")
						.param("id", mail.deliveryId())
						.query(String.class)
						.optional())
				.contains(eventId)));
	}

	@Test
	void theSameEventAgainIsAnsweredAsADuplicate() throws Exception {
		String body = SampleEvents.json(EventType.PAYMENT_SUCCEEDED, "evt-" + UUID.randomUUID());
		assertThat(post(KEY, "application/json", body).statusCode()).isEqualTo(202);

		HttpResponse<String> again = post(KEY, "application/cloudevents+json", body);

		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(again.body()).get("status").asString()).isEqualTo("duplicate");
	}

	@Test
	void anInvalidEventIsAnsweredWithEveryProblemAndKept() throws Exception {
		HttpResponse<String> response = post(KEY, "application/json",
				"{\"specversion\":\"1.0\",\"type\":\"order.placed\",\"data\":{}}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("errors").size()).isGreaterThanOrEqualTo(3);
		assertThat(problem.get("errors").toString()).contains("$.id").contains("$.source").contains("$.time");
		String rejectionId = problem.get("rejectionId").asString();
		assertThat(this.jdbc.sql("select reasons::text from rejected_events where id = cast(:id as uuid)")
			.param("id", rejectionId)
			.query(String.class)
			.single()).contains("$.id");
	}

	@Test
	void withoutAValidKeyTheAnswerIs401AndNothingIsStored() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/api/v1/events"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(SampleEvents.json(EventType.ORDER_PLACED, eventId))));
		HttpResponse<String> wrong = post("hk_wrong", "application/json", SampleEvents.json(EventType.ORDER_PLACED, eventId));

		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"herald\"");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("API key");
		assertThat(this.jdbc.sql("select count(*) from events where event_id = :id").param("id", eventId)
			.query(Long.class).single()).isZero();
	}

	@Test
	void aBodyAbove256KiBIs413AndKeptTruncatedWithTheReason() throws Exception {
		String huge = "{\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";

		HttpResponse<String> response = post(KEY, "application/json", huge);

		assertThat(response.statusCode()).isEqualTo(413);
		String rejectionId = JSON.readTree(response.body()).get("rejectionId").asString();
		assertThat(this.jdbc.sql("select body_truncated from rejected_events where id = cast(:id as uuid)")
			.param("id", rejectionId).query(Boolean.class).single()).isTrue();
	}

	@Test
	void aBodyThatIsNotJsonIs415() throws Exception {
		HttpResponse<String> response = post(KEY, "text/plain", "hello");

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.body()).contains("content type");
	}

	private HttpResponse<String> post(String key, String contentType, String body) throws Exception {
		return postEvent(this.http, key, contentType, body);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}


}
