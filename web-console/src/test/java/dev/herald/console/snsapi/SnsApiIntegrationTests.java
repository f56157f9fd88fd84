package dev.herald.console.snsapi;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.console.api.ApiKeys;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.CloudEvent;
import dev.herald.events.EventType;
import dev.herald.events.EventValidator;
import dev.herald.events.ValidationResult;
import dev.herald.events.SampleEvents;
import dev.herald.events.publisher.EventPublisher;
import dev.herald.events.publisher.PublishResult;
import dev.herald.events.publisher.SnsEventPublisher;
import dev.herald.events.publisher.SnsPublisherSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shop's unchanged AWS SDK {@code SnsClient} (only endpoint, credentials and region set) against the local server:
 * the demo tenant has a template and subscription for every event type, so what it publishes becomes deliveries.
 */
class SnsApiIntegrationTests extends LocalServerIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<SnsClient> clients = new ArrayList<>();

	private final TenantRepository tenants;

	private final ApiKeyRepository apiKeys;

	private final JdbcClient jdbc;

	SnsApiIntegrationTests(TenantRepository tenants, ApiKeyRepository apiKeys, JdbcClient jdbc) {
		this.tenants = tenants;
		this.apiKeys = apiKeys;
		this.jdbc = jdbc;
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(SnsClient::close);
	}

	@Test
	void aShopsSnsClientCreatesATopicSubscribesHeraldAndWhatItPublishesBecomesDeliveries() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String name = topicName();
		String arn = sns.createTopic((topic) -> topic.name(name)).topicArn();
		String eventId = "evt-" + UUID.randomUUID();

		assertThat(arn).matches("arn:aws:sns:eu-west-1:[0-9]{12}:" + name);
		assertThat(sns.createTopic((topic) -> topic.name(name)).topicArn()).as("idempotent").isEqualTo(arn);
		String subscriptionArn = sns.subscribe((subscribe) -> subscribe.topicArn(arn).protocol("herald")
			.returnSubscriptionArn(true)).subscriptionArn();
		assertThat(subscriptionArn).startsWith(arn + ":");
		String messageId = sns.publish((publish) -> publish.topicArn(arn)
			.message(SampleEvents.json(EventType.ORDER_PLACED, eventId))
			.messageAttributes(Map.of("type", string("order.placed")))).messageId();

		assertThat(messageId).isNotBlank();
		assertThat(deliveries(eventId)).as("email, and push skipped for want of a device").isEqualTo(2);
		assertThat(this.jdbc.sql("select received_via from events where event_id = :id").param("id", eventId)
			.query(String.class).single()).isEqualTo("sns-api");
		assertThat(sns.listTopics().topics()).extracting(Topic::topicArn).contains(arn);
	}

	@Test
	void theHeraldPublisherSdkOverSnsPublishesThroughTheLocalApiIntoDeliveries() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = subscribedTopic(sns, "{\"type\": [{\"prefix\": \"order.\"}]}");
		EventPublisher publisher = new SnsEventPublisher(sns, SnsPublisherSettings.oneTopic("demo", arn));
		CloudEvent placed = sample(EventType.ORDER_PLACED);
		CloudEvent paid = sample(EventType.PAYMENT_SUCCEEDED);

		List<PublishResult> results = publisher.publishAll(List.of(placed, paid));

		assertThat(results).allSatisfy((result) -> assertThat(result).isInstanceOf(PublishResult.Sent.class));
		assertThat(deliveries(placed.id())).as("the SDK's type attribute matched the filter policy").isEqualTo(2);
		assertThat(deliveries(paid.id())).as("payment.succeeded is filtered out, as on SNS").isZero();
	}

	@Test
	void publishingTheSameEventAgainCreatesNoSecondDelivery() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = subscribedTopic(sns, null);
		String event = SampleEvents.json(EventType.PAYMENT_SUCCEEDED, "evt-" + UUID.randomUUID());

		String first = sns.publish((publish) -> publish.topicArn(arn).message(event)).messageId();
		String second = sns.publish((publish) -> publish.topicArn(arn).message(event)).messageId();

		assertThat(second).as("each publish has its own MessageId").isNotEqualTo(first);
		assertThat(deliveries(JSON.readTree(event).get("id").asString())).isEqualTo(1);
	}

	@Test
	void withMessageStructureJsonTheDefaultMessageIsIngested() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = subscribedTopic(sns, null);
		String eventId = "evt-" + UUID.randomUUID();
		String structured = JSON.writeValueAsString(Map.of("default", SampleEvents.json(EventType.ORDER_PLACED, eventId),
				"email", "not for Herald"));

		sns.publish((publish) -> publish.topicArn(arn).messageStructure("json").message(structured));

		assertThat(deliveries(eventId)).isEqualTo(2);
		assertThatThrownBy(() -> sns.publish((publish) -> publish.topicArn(arn).messageStructure("json")
			.message("{\"email\": \"only\"}"))).isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("No default entry");
	}

	@Test
	void aBatchBecomesDeliveriesAndAnInvalidEntryFailsAloneWithItsReason() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = subscribedTopic(sns, null);
		String placed = "evt-" + UUID.randomUUID();
		String dispatched = "evt-" + UUID.randomUUID();

		PublishBatchResponse response = sns.publishBatch((batch) -> batch.topicArn(arn).publishBatchRequestEntries(
				entry("a", SampleEvents.json(EventType.ORDER_PLACED, placed), Map.of("type", string("order.placed"))),
				entry("b", SampleEvents.json(EventType.SHIPMENT_DISPATCHED, dispatched), Map.of()),
				entry("c", SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()),
						Map.of("total", MessageAttributeValue.builder().dataType("Number").stringValue("lots").build()))));

		assertThat(response.successful()).extracting((entry) -> entry.id()).containsExactly("a", "b");
		assertThat(response.successful()).allSatisfy((entry) -> assertThat(entry.messageId()).isNotBlank());
		assertThat(response.failed()).singleElement().satisfies((failed) -> {
			assertThat(failed.id()).isEqualTo("c");
			assertThat(failed.code()).isEqualTo("ParameterValueInvalid");
			assertThat(failed.message()).contains("'total'");
			assertThat(failed.senderFault()).isTrue();
		});
		assertThat(deliveries(placed)).isEqualTo(2);
		assertThat(deliveries(dispatched)).isPositive();
	}

	@Test
	void batchesSnsRefusesAreRefusedWithTheSdksExceptions() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = subscribedTopic(sns, null);
		List<PublishBatchRequestEntry> eleven = IntStream.range(0, 11)
			.mapToObj((i) -> entry("e" + i, "{}", Map.of()))
			.toList();

		assertThatThrownBy(() -> sns.publishBatch((batch) -> batch.topicArn(arn).publishBatchRequestEntries(eleven)))
			.isInstanceOf(TooManyEntriesInBatchRequestException.class);
		assertThatThrownBy(() -> sns.publishBatch((batch) -> batch.topicArn(arn)
			.publishBatchRequestEntries(entry("x", "{}", Map.of()), entry("x", "{}", Map.of()))))
			.isInstanceOf(BatchEntryIdsNotDistinctException.class);
		assertThatThrownBy(() -> sns.publishBatch((batch) -> batch.topicArn(arn).publishBatchRequestEntries(List.of())))
			.isInstanceOf(EmptyBatchRequestException.class);
		assertThat(this.jdbc.sql("select count(*) from rejected_events where raw_body = '{}' and received_via = 'sns-api'")
			.query(Long.class).single()).as("nothing of a refused batch is ingested").isZero();
	}

	@Test
	void aMessageNoSubscriptionsFilterPolicyMatchesIsAcceptedAndCreatesNothing() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = subscribedTopic(sns, "{\"type\": [\"payment.failed\", {\"prefix\": \"shipment.\"}]}");
		String filtered = "evt-" + UUID.randomUUID();
		String passed = "evt-" + UUID.randomUUID();

		sns.publish((publish) -> publish.topicArn(arn).message(SampleEvents.json(EventType.ORDER_PLACED, filtered))
			.messageAttributes(Map.of("type", string("order.placed"))));
		sns.publish((publish) -> publish.topicArn(arn)
			.message(SampleEvents.json(EventType.SHIPMENT_DISPATCHED, passed))
			.messageAttributes(Map.of("type", string("shipment.dispatched"))));

		assertThat(this.jdbc.sql("select count(*) from events where event_id = :id").param("id", filtered)
			.query(Long.class).single()).isZero();
		assertThat(deliveries(passed)).isPositive();
	}

	@Test
	void anInvalidFilterPolicyIsAnInvalidParameter() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = sns.createTopic((topic) -> topic.name(topicName())).topicArn();

		assertThatThrownBy(() -> sns.subscribe((subscribe) -> subscribe.topicArn(arn).protocol("herald")
			.attributes(Map.of("FilterPolicy", "{\"type\": [{\"wildcard\": \"order.*\"}]}"))))
			.isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("unknown operator 'wildcard'");
		assertThatThrownBy(() -> sns.subscribe((subscribe) -> subscribe.topicArn(arn).protocol("email")
			.endpoint("ana@example.com"))).isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("Protocol");
		assertThatThrownBy(() -> sns.subscribe((subscribe) -> subscribe.topicArn(arn).protocol("https")
			.endpoint("https://elsewhere.example/hook"))).isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("/api/v1/events");
		assertThat(sns.subscribe((subscribe) -> subscribe.topicArn(arn).protocol("http")
			.endpoint(uri("/api/v1/events").toString())).subscriptionArn()).startsWith(arn + ":");
	}

	@Test
	void anInvalidEventIsAcceptedAsSnsWouldAndKeptAsARejectedEvent() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = subscribedTopic(sns, null);
		String marker = "not-an-event-" + UUID.randomUUID();

		String messageId = sns.publish((publish) -> publish.topicArn(arn).message("{\"hello\":\"" + marker + "\"}"))
			.messageId();

		assertThat(messageId).isNotBlank();
		assertThat(this.jdbc.sql("select received_via from rejected_events where raw_body like :body")
			.param("body", "%" + marker + "%").query(String.class).single()).isEqualTo("sns-api");
	}

	@Test
	void missingTopicsTooLongMessagesAndBadAttributesAreTheSdksExceptions() throws Exception {
		SnsClient sns = client(accessKey(API_KEY));
		String arn = subscribedTopic(sns, null);
		String missing = arn.substring(0, arn.lastIndexOf(':') + 1) + "no-such-topic";

		assertThatThrownBy(() -> sns.publish((publish) -> publish.topicArn(missing).message("{}")))
			.isInstanceOf(NotFoundException.class)
			.satisfies((ex) -> assertThat(((SnsException) ex).statusCode()).isEqualTo(404));
		assertThatThrownBy(() -> sns.publish((publish) -> publish.topicArn(arn).message("x".repeat(256 * 1024 + 1))))
			.isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("Message too long");
		assertThatThrownBy(() -> sns.publish((publish) -> publish.topicArn(arn).message("{}")
			.messageAttributes(Map.of("tags", MessageAttributeValue.builder().dataType("String.Array")
				.stringValue("not an array").build()))))
			.isInstanceOf(InvalidParameterValueException.class);
		assertThatThrownBy(() -> sns.createTopic((topic) -> topic.name("orders.fifo")))
			.isInstanceOf(InvalidParameterException.class);
	}

	@Test
	void aWrongSecretAnUnknownKeyAndARevokedKeyAreRefusedWithTheSdksAuthErrors() throws Exception {
		AccessKey key = accessKey(API_KEY);
		SnsClient wrongSecret = client(new AccessKey(key.id(), key.accessKeyId(), key.secret() + "x"));
		SnsClient unknown = client(new AccessKey(key.id(), "HKIAUNKNOWNUNKNOWN01", key.secret()));

		assertThatThrownBy(() -> wrongSecret.createTopic((topic) -> topic.name(topicName())))
			.isInstanceOfSatisfying(SnsException.class, (ex) -> {
				assertThat(ex.statusCode()).isEqualTo(403);
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
			});
		assertThatThrownBy(() -> unknown.listTopics()).isInstanceOfSatisfying(SnsException.class, (ex) -> {
			assertThat(ex.statusCode()).isEqualTo(403);
			assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
		});

		assertThat(send(API_KEY, HttpRequest.newBuilder(uri("/api/v1/sns/access-keys/" + key.id())).DELETE())
			.statusCode()).isEqualTo(204);
		assertThatThrownBy(() -> client(key).listTopics()).isInstanceOfSatisfying(SnsException.class,
				(ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
	}

	@Test
	void anotherTenantsKeySeesNoneOfTheTopicsAndCannotUseThem() throws Exception {
		SnsClient ours = client(accessKey(API_KEY));
		String name = topicName();
		String arn = ours.createTopic((topic) -> topic.name(name)).topicArn();
		SnsClient theirs = client(accessKey(apiKeyOf(newTenant())));

		assertThat(theirs.listTopics().topics()).isEmpty();
		assertThatThrownBy(() -> theirs.publish((publish) -> publish.topicArn(arn).message("{}")))
			.isInstanceOf(AuthorizationErrorException.class);
		assertThatThrownBy(() -> theirs.subscribe((subscribe) -> subscribe.topicArn(arn).protocol("herald")))
			.isInstanceOf(AuthorizationErrorException.class);
		String theirArn = theirs.createTopic((topic) -> topic.name(name)).topicArn();
		assertThat(theirArn).as("their own topic, in their own account").isNotEqualTo(arn).endsWith(":" + name);
		assertThat(theirs.listTopics().topics()).extracting(Topic::topicArn).containsExactly(theirArn);
	}

	@Test
	void listTopicsPagesAHundredAtATimeWithNextToken() throws Exception {
		SnsClient sns = client(accessKey(apiKeyOf(newTenant())));
		for (int i = 0; i < 101; i++) {
			String name = String.format("topic-%03d", i);
			sns.createTopic((topic) -> topic.name(name));
		}

		var first = sns.listTopics();
		var second = sns.listTopics((list) -> list.nextToken(first.nextToken()));

		assertThat(first.topics()).hasSize(100);
		assertThat(first.nextToken()).isNotBlank();
		assertThat(second.topics()).singleElement().satisfies((topic) -> assertThat(topic.topicArn()).endsWith(":topic-100"));
		assertThat(second.nextToken()).isNull();
		assertThat(sns.listTopicsPaginator().topics()).hasSize(101);
	}

	@Test
	void anAccessKeysSecretIsShownOnceAndAnotherTenantCannotRevokeIt() throws Exception {
		AccessKey key = accessKey(API_KEY);
		String otherApiKey = apiKeyOf(newTenant());

		HttpResponse<String> listed = send(API_KEY, HttpRequest.newBuilder(uri("/api/v1/sns/access-keys")).GET());
		HttpResponse<String> theirs = send(otherApiKey, HttpRequest.newBuilder(uri("/api/v1/sns/access-keys")).GET());
		HttpResponse<String> revokedByThem = send(otherApiKey,
				HttpRequest.newBuilder(uri("/api/v1/sns/access-keys/" + key.id())).DELETE());

		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains(key.accessKeyId()).doesNotContain(key.secret())
			.doesNotContain("secretAccessKey");
		assertThat(theirs.body()).doesNotContain(key.accessKeyId());
		assertThat(revokedByThem.statusCode()).isEqualTo(404);
		assertThat(client(key).listTopics().sdkHttpResponse().isSuccessful()).isTrue();
		assertThat(send(null, HttpRequest.newBuilder(uri("/api/v1/sns/access-keys")).GET()).statusCode())
			.isEqualTo(401);
	}

	@Test
	void anUnsignedPostIsRefusedInSnsFormatAndTheConsoleIsUntouched() throws Exception {
		HttpResponse<String> unsigned = send(null, HttpRequest.newBuilder(uri("/"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("Action=ListTopics&Version=2010-03-31")));
		HttpResponse<String> console = send(null, HttpRequest.newBuilder(uri("/")).GET());

		assertSnsApiError(unsigned, 403, "MissingAuthenticationToken");
		assertThat(console.statusCode()).isEqualTo(302);
		assertThat(console.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void theSnsEndpointAndTheSnsApiEachTakeOnlyTheirOwnRequestsAndTheConsoleLoginStillWorks() throws Exception {
		// A query-API request sent to the SNS endpoint, and an SNS message sent to the query API.
		HttpResponse<String> queryAtTheEndpoint = send(null, HttpRequest.newBuilder(uri("/sns/demo"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("Action=ListTopics&Version=2010-03-31")));
		HttpResponse<String> messageAtTheApi = send(null, HttpRequest.newBuilder(uri("/"))
			.header("Content-Type", "text/plain; charset=UTF-8")
			.header("x-amz-sns-message-type", "Notification")
			.POST(HttpRequest.BodyPublishers.ofString("{\"Type\":\"Notification\",\"MessageId\":\"m-1\"}")));
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER).build();
		HttpResponse<String> loginForm = browser.send(HttpRequest.newBuilder(uri("/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher csrf = CSRF.matcher(loginForm.body());
		assertThat(csrf.find()).as("the login form still carries a CSRF token").isTrue();
		HttpResponse<String> withoutToken = login(browser, "username=" + encode(ADMIN_EMAIL) + "&password="
				+ encode(ADMIN_PASSWORD));
		HttpResponse<String> signedIn = login(browser, "username=" + encode(ADMIN_EMAIL) + "&password="
				+ encode(ADMIN_PASSWORD) + "&_csrf=" + encode(csrf.group(1)));

		assertThat(queryAtTheEndpoint.statusCode()).isEqualTo(400);
		assertThat(queryAtTheEndpoint.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(queryAtTheEndpoint.body()).contains("not an SNS message").doesNotContain("<ErrorResponse");
		assertSnsApiError(messageAtTheApi, 403, "MissingAuthenticationToken");
		assertThat(withoutToken.statusCode()).as("the console keeps CSRF protection").isEqualTo(403);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/deliveries"));
	}

	private HttpResponse<String> login(HttpClient browser, String form) throws Exception {
		return browser.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertSnsApiError(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/xml"));
		assertThat(response.body()).contains("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">")
			.contains("<Code>" + code + "</Code>").contains("<RequestId>");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private String subscribedTopic(SnsClient sns, String filterPolicy) {
		String arn = sns.createTopic((topic) -> topic.name(topicName())).topicArn();
		sns.subscribe((subscribe) -> subscribe.topicArn(arn).protocol("herald")
			.attributes((filterPolicy != null) ? Map.of("FilterPolicy", filterPolicy) : Map.of()));
		return arn;
	}

	private static CloudEvent sample(EventType type) {
		ValidationResult result = new EventValidator().validate(SampleEvents.json(type, "evt-" + UUID.randomUUID()));
		return ((ValidationResult.Valid) result).event();
	}

	private long deliveries(String eventId) {
		return this.jdbc.sql("""
				select count(*) from deliveries d join events e on e.id = d.event_ref where e.event_id = :id
				""").param("id", eventId).query(Long.class).single();
	}

	private static String topicName() {
		return "orders-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private static PublishBatchRequestEntry entry(String id, String message,
			Map<String, MessageAttributeValue> attributes) {
		return PublishBatchRequestEntry.builder().id(id).message(message).messageAttributes(attributes).build();
	}

	private SnsClient client(AccessKey key) {
		SnsClient client = SnsClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + this.port))
			.region(Region.EU_WEST_1)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secret())))
			.build();
		this.clients.add(client);
		return client;
	}

	private AccessKey accessKey(String apiKey) throws Exception {
		HttpResponse<String> created = send(apiKey, HttpRequest.newBuilder(uri("/api/v1/sns/access-keys"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"laptop\"}")));
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode body = JSON.readTree(created.body());
		return new AccessKey(body.get("id").asString(), body.get("accessKeyId").asString(),
				body.get("secretAccessKey").asString());
	}

	private Tenant newTenant() {
		return this.tenants.create("s-" + UUID.randomUUID().toString().substring(0, 8), "Other shop", "en", "UTC");
	}

	private String apiKeyOf(Tenant tenant) {
		String key = ApiKeys.generate();
		this.apiKeys.create(tenant.id(), "test", ApiKeys.displayPrefix(key), ApiKeys.hash(key));
		return key;
	}

	private HttpResponse<String> send(String apiKey, HttpRequest.Builder request) throws Exception {
		if (apiKey != null) {
			request.header("Authorization", "Bearer " + apiKey);
		}
		return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private record AccessKey(String id, String accessKeyId, String secret) {
	}

}
