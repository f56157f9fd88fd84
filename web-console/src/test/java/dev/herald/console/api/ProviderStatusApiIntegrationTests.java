package dev.herald.console.api;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SES events through the API, end to end: an order's email is sent (by the development SMTP server, then marked as
 * SES's message as the SES channel would have recorded it), SES reports on it, and the deliveries API, the
 * suppressions API and the next order's email show what came of it.
 */
class ProviderStatusApiIntegrationTests extends LocalServerIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JdbcClient jdbc;

	ProviderStatusApiIntegrationTests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Test
	void anSesBounceShowsOnTheDeliverySuppressesTheAddressAndTheNextOrderEmailIsSkippedUntilItIsRemoved()
			throws Exception {
		String customer = "bounce-" + UUID.randomUUID() + "@Example.COM";
		String first = order(customer);
		String messageId = sentThroughSes(first);

		HttpResponse<String> applied = postSes(API_KEY, bounce(messageId, customer));

		assertThat(applied.statusCode()).isEqualTo(202);
		JsonNode answer = JSON.readTree(applied.body());
		assertThat(answer.get("status").asString()).isEqualTo("applied");
		assertThat(answer.get("deliveryStatus").asString()).isEqualTo("bounced");
		JsonNode delivery = email(first);
		assertThat(delivery.get("status").asString()).isEqualTo("bounced");
		assertThat(delivery.get("state").asString()).isEqualTo("delivered");
		assertThat(delivery.get("outcome").asString()).isEqualTo("bounced");
		assertThat(delivery.get("history")).hasSize(1);
		assertThat(delivery.get("history").get(0).get("detail").asString()).contains("550 5.1.1 user unknown");

		String second = order(customer);
		JsonNode skipped = email(second);
		assertThat(skipped.get("status").asString()).isEqualTo("skipped");
		assertThat(skipped.get("lastError").asString()).startsWith("the address is suppressed: hard bounce reported by ses");

		JsonNode listed = JSON.readTree(get("/api/v1/suppressions?address=" + customer.substring(0, 20)).body());
		assertThat(listed.get("total").asLong()).isOne();
		JsonNode suppression = listed.get("items").get(0);
		assertThat(suppression.get("address").asString()).isEqualTo(customer.replace("Example.COM", "example.com"));
		assertThat(suppression.get("reason").asString()).isEqualTo("hard_bounce");
		assertThat(suppression.get("source").asString()).isEqualTo("ses");

		assertThat(delete("/api/v1/suppressions/" + suppression.get("id").asString()).statusCode()).isEqualTo(204);
		assertThat(delete("/api/v1/suppressions/" + suppression.get("id").asString()).statusCode()).isEqualTo(404);
		String third = order(customer);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(email(third).get("status").asString()).isEqualTo("sent"));
	}

	@Test
	void theSameSesEventTwiceIsOneHistoryEntry() throws Exception {
		String customer = "twice-" + UUID.randomUUID() + "@example.com";
		String eventId = order(customer);
		String messageId = sentThroughSes(eventId);
		String delivered = delivery(messageId, customer);

		assertThat(JSON.readTree(postSes(API_KEY, delivered).body()).get("status").asString()).isEqualTo("applied");
		HttpResponse<String> again = postSes(API_KEY, delivered);

		assertThat(again.statusCode()).isEqualTo(202);
		assertThat(JSON.readTree(again.body()).get("status").asString()).isEqualTo("duplicate");
		assertThat(email(eventId).get("history")).hasSize(1);
		assertThat(email(eventId).get("status").asString()).isEqualTo("delivered");
	}

	@Test
	void anSesEventForAnUnknownMessageIsAcceptedAndKeptAsUnmatched() throws Exception {
		String messageId = "unknown-" + UUID.randomUUID();

		HttpResponse<String> response = postSes(API_KEY, bounce(messageId, "nobody@example.com"));

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.get("status").asString()).isEqualTo("unmatched");
		assertThat(answer.get("reason").asString()).contains(messageId);
		JsonNode unmatched = JSON.readTree(get("/api/v1/provider-events/unmatched").body());
		assertThat(unmatched.valueStream().filter((event) -> messageId.equals(event.get("providerMessageId").asString())))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.get("status").asString()).isEqualTo("bounced");
				assertThat(event.get("reason").asString()).contains(messageId);
			});
	}

	@Test
	void somethingThatIsNotAnSesEventIs400WithTheReasonAndWithoutAKeyIs401() throws Exception {
		HttpResponse<String> invalid = postSes(API_KEY, "{\"eventType\":\"Bounce\"}");
		HttpResponse<String> anonymous = postSes("hk_wrong", bounce("m-1", "ana@example.com"));

		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JSON.readTree(invalid.body()).get("detail").asString()).contains("mail.messageId");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(get("/api/v1/suppressions?size=500").statusCode()).isEqualTo(400);
	}

	/** Posts an order of a customer with this email address; answers the event id. */
	private String order(String customerEmail) throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED, eventId));
		((ObjectNode) event.get("data").get("customer")).put("email", customerEmail);
		assertThat(postEvent(this.http, API_KEY, "application/json", event.toString()).statusCode()).isEqualTo(202);
		return eventId;
	}

	/**
	 * Waits for the order's email to be sent, then records it as the SES channel would have: provider {@code ses}
	 * and SES's MessageId. Answers the message id.
	 */
	private String sentThroughSes(String eventId) throws Exception {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(email(eventId).get("state").asString()).isEqualTo("delivered"));
		String messageId = "0100019a" + UUID.randomUUID().toString().replace("-", "") + "-000000";
		this.jdbc.sql("update deliveries set provider = 'ses', provider_message_id = :messageId where id = cast(:id as uuid)")
			.param("messageId", messageId)
			.param("id", email(eventId).get("id").asString())
			.update();
		return messageId;
	}

	private JsonNode email(String eventId) throws Exception {
		JsonNode deliveries = JSON.readTree(get("/api/v1/events/" + eventId + "/deliveries").body()).get("deliveries");
		for (JsonNode delivery : deliveries) {
			if (delivery.get("channel").asString().equals("email")) {
				return delivery;
			}
		}
		throw new AssertionError("no email delivery in " + deliveries);
	}

	private HttpResponse<String> postSes(String key, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri("/api/v1/provider-events/ses"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY)
			.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> delete(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY)
			.timeout(Duration.ofSeconds(20)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
	}

	/** SES's documented bounce record, about this message and recipient. */
	private static String bounce(String messageId, String recipient) {
		return """
				{"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",
				 "bouncedRecipients":[{"emailAddress":"%2$s","action":"failed","status":"5.1.1",
				 "diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2017-08-05T00:41:02.669Z",
				 "feedbackId":"01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000","reportingMTA":"dsn; mta.example.com"},
				 "mail":{"timestamp":"2017-08-05T00:40:02.012Z","source":"Sender Name <sender@example.com>",
				 "sourceArn":"arn:aws:ses:us-east-1:123456789012:identity/sender@example.com","sendingAccountId":"123456789012",
				 "messageId":"%1$s","destination":["%2$s"],"headersTruncated":false,
				 "commonHeaders":{"from":["Sender Name <sender@example.com>"],"to":["%2$s"],"messageId":"%1$s",
				 "subject":"Message sent from Amazon SES"},"tags":{"ses:configuration-set":["ConfigSet"]}}}
				""".formatted(messageId, recipient);
	}

	/** SES's documented delivery record, about this message and recipient. */
	private static String delivery(String messageId, String recipient) {
		return """
				{"eventType":"Delivery","mail":{"timestamp":"2016-10-19T23:20:52.240Z","source":"sender@example.com",
				 "sendingAccountId":"123456789012","messageId":"%1$s","destination":["%2$s"],"headersTruncated":false,
				 "tags":{"ses:configuration-set":["ConfigSet"]}},
				 "delivery":{"timestamp":"2016-10-19T23:20:52.240Z","processingTimeMillis":546,"recipients":["%2$s"],
				 "smtpResponse":"250 2.6.0 Message received","reportingMTA":"mta.example.com"}}
				""".formatted(messageId, recipient);
	}

}
