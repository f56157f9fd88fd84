package dev.herald.console.sns;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.console.api.ApiKeys;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.sns.testing.SnsTestHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SNS endpoint against a local HTTPS server standing in for SNS: subscriptions confirmed only for allowed topics,
 * notifications ingested once, forgeries and other tenants' topics refused with the reason, raw delivery only with
 * the tenant's API key, and no request ever sent to a host that is not SNS's.
 */
class SnsEndpointIntegrationTests extends LocalServerIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SnsTestHost SNS = SnsStandInConfiguration.HOST;

	private final HttpClient http = HttpClient.newHttpClient();

	private final TenantRepository tenants;

	private final ApiKeyRepository apiKeys;

	private String topic;

	SnsEndpointIntegrationTests(TenantRepository tenants, ApiKeyRepository apiKeys) {
		this.tenants = tenants;
		this.apiKeys = apiKeys;
	}

	@BeforeEach
	void aTopicOfTheDemoTenant() throws Exception {
		this.topic = "arn:aws:sns:us-east-1:123456789012:orders-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api("POST", API_KEY, "/api/v1/sns/topics", "{\"topicArn\":\"" + this.topic + "\"}").statusCode())
			.isEqualTo(201);
		SNS.forgetRequests();
	}

	@Test
	void aSubscriptionConfirmationForAnAllowedTopicIsConfirmedAtSnsAndRecorded() throws Exception {
		HttpResponse<String> response = postSns("demo",
				SNS.confirmation("SubscriptionConfirmation", this.topic, id(), 2), Map.of());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("confirmed");
		assertThat(SNS.requests()).as("the signing certificate unless cached, then the confirmation")
			.last()
			.satisfies((request) -> assertThat(request).startsWith(
					SnsTestHost.REGION_HOST + " /?Action=ConfirmSubscription&TopicArn=" + this.topic + "&Token="));
		assertThat(SNS.requests()).allSatisfy((request) -> assertThat(request).startsWith(SnsTestHost.REGION_HOST + " /"));
		JsonNode subscription = subscription(API_KEY, this.topic);
		assertThat(subscription.get("state").asString()).isEqualTo("confirmed");
		assertThat(subscription.get("subscriptionArn").asString()).startsWith(this.topic + ":");
	}

	@Test
	void aSubscriptionConfirmationForATopicNotAllowedIsRefusedAndNothingIsFetched() throws Exception {
		String other = "arn:aws:sns:us-east-1:123456789012:not-allowed";

		HttpResponse<String> response = postSns("demo", SNS.confirmation("SubscriptionConfirmation", other, id(), 2),
				Map.of());

		assertProblem(response, 403, "the topic " + other + " is not one this tenant allowed");
		assertThat(SNS.fetched()).isEmpty();
		assertThat(subscription(API_KEY, other)).isNull();
	}

	@Test
	void aConfirmationSnsDoesNotAnswerIsRecordedAsPendingWithTheReason() throws Exception {
		HttpResponse<String> response = postSns("demo", SNS.confirmation("SubscriptionConfirmation", this.topic, id(),
				2, SnsTestHost.subscribeUrl(this.topic, "fail")), Map.of());

		assertThat(response.statusCode()).isEqualTo(502);
		JsonNode subscription = subscription(API_KEY, this.topic);
		assertThat(subscription.get("state").asString()).isEqualTo("pending");
		assertThat(subscription.get("lastError").asString()).contains("answered HTTP 503");
	}

	@Test
	void aSignedConfirmationWhoseSubscribeUrlIsNotSnssIsRefusedWithoutFetchingIt() throws Exception {
		String evil = "https://sns.us-east-1.amazonaws.com.evil.com/?Action=ConfirmSubscription&TopicArn=" + this.topic
				+ "&Token=x";

		HttpResponse<String> response = postSns("demo",
				SNS.confirmation("SubscriptionConfirmation", this.topic, id(), 2, evil), Map.of());

		assertProblem(response, 403, "SubscribeURL must be on an SNS host, sns.<region>.amazonaws.com");
		assertThat(SNS.fetched()).allSatisfy((uri) -> assertThat(uri.getPath()).startsWith("/SimpleNotificationService-"));
		assertThat(subscription(API_KEY, this.topic)).isNull();
	}

	@Test
	void anUnsubscribeConfirmationIsRecordedAndNotActedOn() throws Exception {
		postSns("demo", SNS.confirmation("SubscriptionConfirmation", this.topic, id(), 1), Map.of());
		SNS.forgetRequests();

		HttpResponse<String> response = postSns("demo",
				SNS.confirmation("UnsubscribeConfirmation", this.topic, id(), 1), Map.of());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("unsubscribe-recorded");
		assertThat(SNS.fetched()).as("only the signing certificate, cached: nothing").isEmpty();
		JsonNode subscription = subscription(API_KEY, this.topic);
		assertThat(subscription.get("state").asString()).isEqualTo("unsubscribe_requested");
		assertThat(subscription.get("resubscribeUrl").asString())
			.startsWith("https://" + SnsTestHost.REGION_HOST + "/?Action=ConfirmSubscription");
	}

	@Test
	void aNotificationBecomesDeliveriesAndTheSameMessageAgainCreatesNothing() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		String notification = SNS.notification(this.topic, id(), null,
				SampleEvents.json(EventType.ORDER_PLACED, eventId), "2026-11-25T03:00:00.000Z", 1);

		HttpResponse<String> first = postSns("demo", notification, Map.of());
		HttpResponse<String> again = postSns("demo", notification, Map.of());
		HttpResponse<String> republished = postSns("demo", SNS.notification(this.topic, id(), "Again",
				SampleEvents.json(EventType.ORDER_PLACED, eventId), "2026-11-25T03:00:01.000Z", 2), Map.of());

		assertThat(first.statusCode()).isEqualTo(202);
		int deliveries = JSON.readTree(first.body()).get("deliveries").asInt();
		assertThat(deliveries).isPositive();
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(again.body()).get("status").asString()).isEqualTo("duplicate");
		assertThat(republished.statusCode()).as("another SNS message with the same event").isEqualTo(200);
		assertThat(JSON.readTree(republished.body()).get("status").asString()).isEqualTo("duplicate");
		HttpResponse<String> status = api("GET", API_KEY, "/api/v1/events/" + eventId + "/deliveries", null);
		assertThat(JSON.readTree(status.body()).get("deliveries").size()).isEqualTo(deliveries);
	}

	@Test
	void anSesEventThroughTheTenantsTopicGoesToProviderStatusInsteadOfBeingIngested() throws Exception {
		String address = "bounced-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		String bounce = """
				{"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",
				 "bouncedRecipients":[{"emailAddress":"%s","action":"failed","status":"5.1.1",
				 "diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2026-11-25T03:00:02.669Z",
				 "feedbackId":"0100-%s"},
				 "mail":{"timestamp":"2026-11-25T03:00:01.012Z","source":"orders@shop.example",
				 "messageId":"ses-%s","destination":["%s"],"tags":{}}}
				""".formatted(address, id(), id(), address);
		String notification = SNS.notification(this.topic, id(), null, bounce, "2026-11-25T03:00:03.000Z", 2);

		HttpResponse<String> response = postSns("demo", notification, Map.of());
		HttpResponse<String> again = postSns("demo", notification, Map.of());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("status").asString())
			.as("no delivery has that SES message id: kept as unmatched").isEqualTo("status-unmatched");
		assertThat(JSON.readTree(again.body()).get("status").asString()).isEqualTo("duplicate");
		assertThat(api("GET", API_KEY, "/api/v1/provider-events/unmatched", null).body())
			.as("kept with the reason among the tenant's provider events, not ingested as an event").contains(address);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aTamperedNotificationIsRefusedLoggedAndCreatesNothing(CapturedOutput output) throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		String signed = SNS.notification(this.topic, id(), null, SampleEvents.json(EventType.ORDER_PLACED, "evt-x"),
				"2026-11-25T03:00:00.000Z", 2);

		HttpResponse<String> response = postSns("demo",
				SnsTestHost.with(signed, "Message", SampleEvents.json(EventType.ORDER_PLACED, eventId)), Map.of());

		assertProblem(response, 403, "the signature does not match the message");
		assertThat(api("GET", API_KEY, "/api/v1/events/" + eventId + "/deliveries", null).statusCode()).isEqualTo(404);
		assertThat(output.getOut()).contains("SNS request to tenant demo refused with 403: the signature does not match");
	}

	@Test
	void aCertificateOnALookAlikeHostIsRefusedWithoutAnyRequestLeaving() throws Exception {
		String signed = SNS.notification(this.topic, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);
		String path = URI.create(SNS.certificateUrl()).getPath();

		HttpResponse<String> lookAlike = postSns("demo", SnsTestHost.with(signed, "SigningCertURL",
				"https://sns.us-east-1.amazonaws.com.evil.com" + path), Map.of());
		HttpResponse<String> http = postSns("demo", SnsTestHost.with(signed, "SigningCertURL",
				SNS.certificateUrl().replace("https:", "http:")), Map.of());

		assertProblem(lookAlike, 403, "SigningCertURL must be on an SNS host, sns.<region>.amazonaws.com");
		assertProblem(http, 403, "SigningCertURL must use https");
		assertThat(SNS.fetched()).isEmpty();
		assertThat(SNS.requests()).isEmpty();
	}

	@Test
	void aTenantsEndpointRefusesATopicOnlyAnotherTenantAllowed() throws Exception {
		Tenant other = this.tenants.create("sns-" + UUID.randomUUID().toString().substring(0, 8), "Other", "en", "UTC");
		String otherKey = keyOf(other);
		String theirs = "arn:aws:sns:us-east-1:123456789012:theirs-" + UUID.randomUUID().toString().substring(0, 8);
		api("POST", otherKey, "/api/v1/sns/topics", "{\"topicArn\":\"" + theirs + "\"}");
		String notification = SNS.notification(theirs, id(), null,
				SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()), "2026-11-25T03:00:00.000Z", 2);

		HttpResponse<String> atDemo = postSns("demo", notification, Map.of());
		HttpResponse<String> atTheirs = postSns(other.slug(), notification, Map.of());

		assertProblem(atDemo, 403, "the topic " + theirs + " is not one this tenant allowed");
		assertThat(atTheirs.statusCode()).isEqualTo(202);
		assertThat(subscriptions(API_KEY).toString()).doesNotContain(theirs);
		assertThat(api("GET", API_KEY, "/api/v1/sns/topics", null).body()).doesNotContain(theirs);
	}

	@Test
	void aRawDeliveryWithoutCredentialsIsChallenged() throws Exception {
		HttpResponse<String> response = postSns("demo", SampleEvents.json(EventType.ORDER_PLACED,
				"evt-" + UUID.randomUUID()), rawHeaders(null));

		assertProblem(response, 401, "raw message delivery is not signed: subscribe with "
				+ "https://<user>:<API key>@<host>/sns/demo so SNS sends credentials");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"herald-sns\"");
	}

	@Test
	void aRawDeliveryWithAWrongOrAnotherTenantsKeyIsRefused() throws Exception {
		String otherKey = keyOf(this.tenants.create("sns-" + UUID.randomUUID().toString().substring(0, 8), "Other",
				"en", "UTC"));
		String event = SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID());

		assertProblem(postSns("demo", event, rawHeaders("hk_wrong")), 403,
				"the password is not a valid API key of this tenant");
		assertProblem(postSns("demo", event, rawHeaders(otherKey)), 403,
				"the password is not a valid API key of this tenant");
	}

	@Test
	void aRawDeliveryWithTheTenantsKeyIsIngestedOncePerMessageId() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		String event = SampleEvents.json(EventType.ORDER_PLACED, eventId);
		Map<String, String> headers = rawHeaders(API_KEY);

		HttpResponse<String> first = postSns("demo", event, headers);
		HttpResponse<String> again = postSns("demo", event, headers);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(JSON.readTree(first.body()).get("eventId").asString()).isEqualTo(eventId);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(again.body()).get("status").asString()).isEqualTo("duplicate");
	}

	@Test
	void aRawDeliveryFromATopicNotAllowedIsRefusedEvenWithTheKey() throws Exception {
		Map<String, String> headers = new java.util.HashMap<>(rawHeaders(API_KEY));
		headers.put("x-amz-sns-topic-arn", "arn:aws:sns:us-east-1:123456789012:not-allowed");

		assertProblem(postSns("demo", SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()), headers),
				403, "the topic arn:aws:sns:us-east-1:123456789012:not-allowed is not one this tenant allowed");
	}

	@Test
	void aBodyThatIsNotAnSnsMessageIsRefusedWithTheReason() throws Exception {
		assertProblem(postSns("demo", "{\"Type\":\"Notification\"}", Map.of()), 400,
				"not an SNS message: 'MessageId' is missing");
		assertThat(postSns("no-such-shop", "{}", Map.of()).statusCode()).isEqualTo(404);
	}

	@Test
	void topicArnsAreValidatedListedAndRemovedOnlyByTheirTenant() throws Exception {
		String otherKey = keyOf(this.tenants.create("sns-" + UUID.randomUUID().toString().substring(0, 8), "Other",
				"en", "UTC"));

		HttpResponse<String> invalid = api("POST", API_KEY, "/api/v1/sns/topics", "{\"topicArn\":\"arn:aws:s3:::b\"}");
		HttpResponse<String> again = api("POST", API_KEY, "/api/v1/sns/topics", "{\"topicArn\":\"" + this.topic + "\"}");
		HttpResponse<String> list = api("GET", API_KEY, "/api/v1/sns/topics", null);
		HttpResponse<String> removedByOther = api("DELETE", otherKey, "/api/v1/sns/topics/" + this.topic, null);
		HttpResponse<String> removed = api("DELETE", API_KEY, "/api/v1/sns/topics/" + this.topic, null);

		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("$.topicArn");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(list.body()).get("endpointPath").asString()).isEqualTo("/sns/demo");
		assertThat(list.body()).contains(this.topic);
		assertThat(removedByOther.statusCode()).isEqualTo(404);
		assertThat(removed.statusCode()).isEqualTo(204);
		assertThat(api("GET", API_KEY, "/api/v1/sns/topics", null).body()).doesNotContain(this.topic);
		assertThat(api("GET", null, "/api/v1/sns/topics", null).statusCode()).isEqualTo(401);
	}

	private Map<String, String> rawHeaders(String apiKey) {
		Map<String, String> headers = new java.util.HashMap<>(Map.of("x-amz-sns-rawdelivery", "true",
				"x-amz-sns-message-type", "Notification", "x-amz-sns-message-id", id(), "x-amz-sns-topic-arn",
				this.topic));
		if (apiKey != null) {
			headers.put("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(("sns:" + apiKey).getBytes(StandardCharsets.UTF_8)));
		}
		return headers;
	}

	private HttpResponse<String> postSns(String tenant, String body, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/sns/" + tenant))
			.header("Content-Type", "text/plain; charset=UTF-8")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> api(String method, String key, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode subscriptions(String key) throws Exception {
		return JSON.readTree(api("GET", key, "/api/v1/sns/subscriptions", null).body());
	}

	private JsonNode subscription(String key, String topicArn) throws Exception {
		for (JsonNode subscription : subscriptions(key)) {
			if (subscription.get("topicArn").asString().equals(topicArn)) {
				return subscription;
			}
		}
		return null;
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JSON.readTree(response.body()).get("detail").asString()).isEqualTo(detail);
	}

	private String keyOf(Tenant tenant) {
		String key = ApiKeys.generate();
		this.apiKeys.create(tenant.id(), "test", ApiKeys.displayPrefix(key), ApiKeys.hash(key));
		return key;
	}

	private static String id() {
		return UUID.randomUUID().toString();
	}

}
