package dev.herald.console.outboundwebhooks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.console.api.ApiKeys;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.webhooks.WebhookReceiver;
import dev.herald.functions.webhooks.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook messages end to end, to real local receivers (which the endpoint-override flag lets tenants name): an SES
 * bounce applied through the API reaches the tenant's endpoint as a signed {@code delivery.bounced}, retried with the
 * same webhook-id until the endpoint takes it, every try in the delivery log; refused messages are not retried and
 * can be replayed; disabled endpoints and other tenants' endpoints get nothing.
 */
class WebhookDeliveryIntegrationTests extends LocalServerIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JdbcClient jdbc;

	private final TenantRepository tenants;

	private final ApiKeyRepository apiKeys;

	private final List<WebhookReceiver> receivers = new ArrayList<>();

	private final List<String[]> endpoints = new ArrayList<>();

	WebhookDeliveryIntegrationTests(JdbcClient jdbc, TenantRepository tenants, ApiKeyRepository apiKeys) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.apiKeys = apiKeys;
	}

	@DynamicPropertySource
	static void webhooks(DynamicPropertyRegistry registry) {
		registry.add("herald.server.webhooks.enabled", () -> "true");
		registry.add("herald.functions.allow-endpoint-overrides", () -> "true");
		registry.add("herald.functions.webhooks.initial-backoff", () -> "200ms");
		registry.add("herald.functions.webhooks.multiplier", () -> "1.5");
		registry.add("herald.functions.webhooks.jitter", () -> "0");
		registry.add("herald.server.webhooks.idle-delay", () -> "50ms");
	}

	@AfterEach
	void closeReceiversAndDeleteEndpoints() throws Exception {
		for (String[] endpoint : this.endpoints) {
			send(endpoint[0], "DELETE", "/api/v1/webhooks/" + endpoint[1], null);
		}
		this.receivers.forEach(WebhookReceiver::close);
	}

	@Test
	void aBouncedDeliveryReachesTheEndpointSignedAfterTwo500sWithTheSameWebhookIdAndEveryTryIsLogged()
			throws Exception {
		WebhookReceiver receiver = receiver();
		receiver.answer(500, 500);
		String endpoint = endpoint(API_KEY, receiver, "{\"eventTypes\": [\"delivery.bounced\"]}");
		String customer = "hook-" + UUID.randomUUID() + "@example.com";
		String eventId = order(customer);
		String deliveryId = email(eventId).get("id").asString();

		bounce(eventId, customer);

		await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 3);
		List<Received> received = receiver.received();
		assertThat(received).hasSize(3).allSatisfy((request) -> assertThat(request.verified()).isTrue());
		assertThat(received).extracting(Received::webhookId).containsOnly(received.getFirst().webhookId());
		assertThat(received).extracting(Received::body).containsOnly(received.getFirst().body());
		JsonNode body = JSON.readTree(received.getFirst().body());
		assertThat(body.get("type").asString()).isEqualTo("delivery.bounced");
		assertThat(body.get("timestamp").asString()).isEqualTo("2017-08-05T00:41:02.669Z");
		JsonNode data = body.get("data");
		assertThat(data.get("deliveryId").asString()).isEqualTo(deliveryId);
		assertThat(data.get("eventId").asString()).isEqualTo(eventId);
		assertThat(data.get("channel").asString()).isEqualTo("email");
		assertThat(data.get("status").asString()).isEqualTo("bounced");
		assertThat(data.get("provider").asString()).isEqualTo("ses");
		assertThat(data.get("reason").asString()).contains("550 5.1.1 user unknown");
		assertThat(data.get("recipient").asString()).as("masked by default").isEqualTo("h***@example.com");

		JsonNode message = awaitMessage(endpoint, "delivered");
		assertThat(message.get("webhookId").asString()).isEqualTo(received.getFirst().webhookId());
		assertThat(message.get("attempts").asInt()).isEqualTo(3);
		JsonNode log = JSON.readTree(send(API_KEY, "GET", "/api/v1/webhooks/" + endpoint + "/messages/"
				+ message.get("id").asString() + "/attempts", null).body());
		assertThat(log.get("attempts").valueStream().map((attempt) -> attempt.get("statusCode").asInt()))
			.containsExactly(500, 500, 200);
		assertThat(log.get("attempts").valueStream().map((attempt) -> attempt.get("outcome").asString()))
			.containsExactly("retry_later", "retry_later", "delivered");
		assertThat(log.get("attempts").get(0).get("error").asString()).isEqualTo("HTTP 500");
		assertThat(log.get("attempts").get(0).get("responseSnippet").asString()).isEqualTo("not now");
		assertThat(log.get("attempts").get(2).get("latencyMs").asInt()).isNotNegative();
	}

	@Test
	void theSameBounceAppliedTwiceIsOneMessage() throws Exception {
		WebhookReceiver receiver = receiver();
		String endpoint = endpoint(API_KEY, receiver, "{\"eventTypes\": [\"delivery.bounced\"]}");
		String customer = "twice-" + UUID.randomUUID() + "@example.com";
		String eventId = order(customer);
		String messageId = sentThroughSes(eventId);

		postSes(sesBounce(messageId, customer));
		postSes(sesBounce(messageId, customer));

		awaitMessage(endpoint, "delivered");
		Thread.sleep(500);
		assertThat(receiver.received()).hasSize(1);
		assertThat(messages(endpoint)).hasSize(1);
	}

	@Test
	void aGoneEndpointIsNotRetriedAndTheFailedMessageCanBeReplayedWithTheSameWebhookId() throws Exception {
		WebhookReceiver receiver = receiver();
		receiver.answer(410);
		String endpoint = endpoint(API_KEY, receiver, "{\"eventTypes\": [\"delivery.bounced\"]}");
		String customer = "gone-" + UUID.randomUUID() + "@example.com";
		bounce(order(customer), customer);

		JsonNode failed = awaitMessage(endpoint, "failed");
		Thread.sleep(800);
		assertThat(receiver.received()).hasSize(1);
		assertThat(failed.get("lastError").asString()).isEqualTo("HTTP 410: refused by the endpoint, not retried");

		HttpResponse<String> replayed = send(API_KEY, "POST", "/api/v1/webhooks/" + endpoint + "/messages/"
				+ failed.get("id").asString() + "/replay", null);

		assertThat(replayed.statusCode()).isEqualTo(202);
		awaitMessage(endpoint, "delivered");
		assertThat(receiver.received()).hasSize(2).allSatisfy((request) -> {
			assertThat(request.verified()).isTrue();
			assertThat(request.webhookId()).isEqualTo(failed.get("webhookId").asString());
		});
	}

	@Test
	void aDisabledEndpointAndAnotherTenantsEndpointReceiveNothingOfTheBounce() throws Exception {
		WebhookReceiver enabled = receiver();
		WebhookReceiver disabled = receiver();
		WebhookReceiver others = receiver();
		String endpoint = endpoint(API_KEY, enabled, "{\"eventTypes\": [\"delivery.bounced\"]}");
		endpoint(API_KEY, disabled, "{\"enabled\": false}");
		endpoint(keyOf(this.tenants.create("wh-" + UUID.randomUUID().toString().substring(0, 8), "Other", "en",
				"UTC")), others, "{}");
		String customer = "iso-" + UUID.randomUUID() + "@example.com";

		bounce(order(customer), customer);

		awaitMessage(endpoint, "delivered");
		Thread.sleep(500);
		assertThat(enabled.received()).hasSize(1);
		assertThat(disabled.received()).isEmpty();
		assertThat(others.received()).isEmpty();
	}

	@Test
	void afterARotationMessagesVerifyWithTheNewSecretAndTheOldOneUntilItExpiresOrAtOnceOnlyTheNewOne()
			throws Exception {
		WebhookReceiver receiver = receiver();
		String endpoint = endpoint(API_KEY, receiver, "{\"eventTypes\": [\"delivery.bounced\"]}");
		HttpResponse<String> rotated = send(API_KEY, "POST", "/api/v1/webhooks/" + endpoint + "/rotate-secret", null);
		String newSecret = JSON.readTree(rotated.body()).get("secret").asString();
		String customer = "rotate-" + UUID.randomUUID() + "@example.com";

		bounce(order(customer), customer);

		await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received().isEmpty());
		Received request = receiver.received().getFirst();
		assertThat(request.verified()).as("with the old secret").isTrue();
		assertThat(request.signature().split(" ")).hasSize(2);
		assertThat(WebhookReceiver.verifies(newSecret, request.webhookId(), request.timestamp(), request.signature(),
				request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))).as("with the new secret").isTrue();

		HttpResponse<String> leaked = send(API_KEY, "POST", "/api/v1/webhooks/" + endpoint + "/rotate-secret",
				"{\"previousValidHours\": 0}");
		assertThat(JSON.readTree(leaked.body()).get("previousSignsUntil").isNull()).isTrue();
		String customer2 = "rotate-" + UUID.randomUUID() + "@example.com";
		bounce(order(customer2), customer2);

		await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 2);
		Received afterLeak = receiver.received().get(1);
		assertThat(afterLeak.signature().split(" ")).hasSize(1);
		assertThat(afterLeak.verified()).as("the first secret signs no more").isFalse();
		assertThat(WebhookReceiver.verifies(JSON.readTree(leaked.body()).get("secret").asString(),
				afterLeak.webhookId(), afterLeak.timestamp(), afterLeak.signature(),
				afterLeak.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
	}

	@Test
	void anEndpointWithTheRecipientAskedForGetsItInFull() throws Exception {
		WebhookReceiver receiver = receiver();
		endpoint(API_KEY, receiver, "{\"eventTypes\": [\"delivery.bounced\"], \"includeRecipient\": true}");
		String customer = "full-" + UUID.randomUUID() + "@example.com";

		bounce(order(customer), customer);

		await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received().isEmpty());
		assertThat(JSON.readTree(receiver.received().getFirst().body()).get("data").get("recipient").asString())
			.isEqualTo(customer);
	}

	private WebhookReceiver receiver() throws Exception {
		WebhookReceiver receiver = new WebhookReceiver();
		this.receivers.add(receiver);
		return receiver;
	}

	/** Registers the receiver as an endpoint of the key's tenant, with these extra fields; answers its id. */
	private String endpoint(String key, WebhookReceiver receiver, String fields) throws Exception {
		ObjectNode body = (ObjectNode) JSON.readTree(fields);
		body.put("url", receiver.url());
		HttpResponse<String> created = send(key, "POST", "/api/v1/webhooks", body.toString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode answer = JSON.readTree(created.body());
		receiver.secret(answer.get("secret").asString());
		String id = answer.get("endpoint").get("id").asString();
		this.endpoints.add(new String[] { key, id });
		return id;
	}

	private List<JsonNode> messages(String endpoint) throws Exception {
		return JSON.readTree(send(API_KEY, "GET", "/api/v1/webhooks/" + endpoint + "/messages", null).body())
			.get("messages")
			.valueStream()
			.toList();
	}

	private JsonNode awaitMessage(String endpoint, String state) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> messages(endpoint).stream()
			.filter((message) -> message.get("state").asString().equals(state))
			.findFirst()
			.orElse(null), java.util.Objects::nonNull);
	}

	private String keyOf(Tenant tenant) {
		String key = ApiKeys.generate();
		this.apiKeys.create(tenant.id(), "test", ApiKeys.displayPrefix(key), ApiKeys.hash(key));
		return key;
	}

	/** The order's email is sent as SES's message, and SES reports it bounced. */
	private void bounce(String eventId, String customer) throws Exception {
		HttpResponse<String> applied = postSes(sesBounce(sentThroughSes(eventId), customer));
		assertThat(applied.statusCode()).isEqualTo(202);
		assertThat(JSON.readTree(applied.body()).get("status").asString()).isEqualTo("applied");
	}

	private String order(String customerEmail) throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED, eventId));
		((ObjectNode) event.get("data").get("customer")).put("email", customerEmail);
		assertThat(postEvent(this.http, API_KEY, "application/json", event.toString()).statusCode()).isEqualTo(202);
		return eventId;
	}

	/** Waits for the order's email to be sent, then records it as the SES channel would have. */
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
		JsonNode deliveries = JSON.readTree(send(API_KEY, "GET", "/api/v1/events/" + eventId + "/deliveries", null)
			.body()).get("deliveries");
		for (JsonNode delivery : deliveries) {
			if (delivery.get("channel").asString().equals("email")) {
				return delivery;
			}
		}
		throw new AssertionError("no email delivery in " + deliveries);
	}

	private HttpResponse<String> postSes(String body) throws Exception {
		return send(API_KEY, "POST", "/api/v1/provider-events/ses", body);
	}

	private HttpResponse<String> send(String key, String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + key)
			.timeout(Duration.ofSeconds(20));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** SES's documented bounce record, about this message and recipient. */
	private static String sesBounce(String messageId, String recipient) {
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

}
