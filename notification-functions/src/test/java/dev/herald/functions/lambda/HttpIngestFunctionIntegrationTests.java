package dev.herald.functions.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ingestHttp} called as API Gateway (HTTP API, payload 2.0) calls it, over the real database. */
class HttpIngestFunctionIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Fixtures fixtures = new Fixtures();

	private final ApiKeyRepository apiKeys = new ApiKeyRepository(this.fixtures.jdbc);

	private final HttpIngestFunction ingestHttp = new HttpIngestFunction(
			this.fixtures.ingest(new PostgresDeliveryQueue(this.fixtures.jdbc, java.time.Duration.ofMinutes(2))),
			this.apiKeys, this.fixtures.rejectedEvents, "*", 262144);

	private Tenant tenant;

	private String key;

	@BeforeEach
	void tenantWithAKeyAndAnEmailSubscription() {
		this.tenant = this.fixtures.tenant();
		this.fixtures.subscribe(this.tenant, "order.placed", "order-placed", List.of("email"));
		this.key = "hk_" + UUID.randomUUID().toString().replace("-", "");
		this.apiKeys.create(this.tenant.id(), "test", "hk_…", ApiKeyRepository.hashOf(this.key));
	}

	@Test
	void aValidEventIsAcceptedWith202AndTheDeliveriesCreated() {
		String eventId = "evt-" + UUID.randomUUID();

		APIGatewayV2HTTPResponse response = post(SampleEvents.json(EventType.ORDER_PLACED, eventId));

		assertThat(response.getStatusCode()).isEqualTo(202);
		assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json")
			.containsEntry("Access-Control-Allow-Origin", "*");
		assertThat(JSON.readTree(response.getBody())).isEqualTo(
				JSON.readTree("{\"eventId\":\"" + eventId + "\",\"status\":\"accepted\",\"deliveries\":1}"));
		assertThat(response.getIsBase64Encoded()).isFalse();
	}

	@Test
	void theSameEventAgainIsADuplicateWith200() {
		String body = SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID());
		post(body);

		APIGatewayV2HTTPResponse response = post(body);

		assertThat(response.getStatusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.getBody()).get("status").asString()).isEqualTo("duplicate");
	}

	@Test
	void anInvalidEventIsRefusedWith400AndEveryProblem() {
		APIGatewayV2HTTPResponse response = post("{\"specversion\":\"1.0\",\"type\":\"order.placed\"}");

		assertThat(response.getStatusCode()).isEqualTo(400);
		assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json")
			.containsEntry("Access-Control-Allow-Origin", "*");
		JsonNode problem = JSON.readTree(response.getBody());
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("errors").valueStream().map((error) -> error.get("path").asString()).toList())
			.contains("$.id", "$.source");
		assertThat(this.fixtures.rejectedEvents.recent(this.tenant.id(), 1)).singleElement()
			.satisfies((rejected) -> assertThat(rejected.id().toString())
				.isEqualTo(problem.get("rejectionId").asString()));
	}

	@Test
	void aMissingOrWrongKeyIs401() {
		String body = SampleEvents.json(EventType.ORDER_PLACED);

		APIGatewayV2HTTPResponse none = this.ingestHttp.apply(LambdaEvents.http("POST",
				Map.of("content-type", "application/json"), body, false));
		APIGatewayV2HTTPResponse wrong = this.ingestHttp.apply(LambdaEvents.http("POST",
				Map.of("authorization", "Bearer hk_wrong", "content-type", "application/json"), body, false));

		assertThat(List.of(none, wrong)).allSatisfy((response) -> {
			assertThat(response.getStatusCode()).isEqualTo(401);
			assertThat(response.getHeaders()).containsEntry("WWW-Authenticate", "Bearer")
				.containsEntry("Access-Control-Allow-Origin", "*");
		});
	}

	@Test
	void aBodyAbove256KibIs413AndKeptTruncated() {
		String body = "{\"padding\":\"" + "x".repeat(262144) + "\"}";

		APIGatewayV2HTTPResponse response = post(body);

		assertThat(response.getStatusCode()).isEqualTo(413);
		assertThat(this.fixtures.rejectedEvents.recent(this.tenant.id(), 1)).singleElement().satisfies((rejected) -> {
			assertThat(rejected.truncated()).isTrue();
			assertThat(rejected.rawBody()).hasSize(262144);
		});
	}

	@Test
	void aBase64EncodedBodyIsDecoded() {
		String eventId = "evt-" + UUID.randomUUID();
		String encoded = Base64.getEncoder()
			.encodeToString(SampleEvents.json(EventType.ORDER_PLACED, eventId).getBytes(StandardCharsets.UTF_8));

		APIGatewayV2HTTPResponse response = this.ingestHttp.apply(LambdaEvents.http("POST",
				Map.of("authorization", "Bearer " + this.key, "content-type", "application/cloudevents+json"), encoded,
				true));

		assertThat(response.getStatusCode()).isEqualTo(202);
		assertThat(this.fixtures.events.findByEventId(this.tenant.id(), eventId)).isPresent();
	}

	@Test
	void otherMethodsAre405AndAPreflightIs204WithCorsHeaders() {
		APIGatewayV2HTTPResponse get = this.ingestHttp.apply(LambdaEvents.http("GET", Map.of(), null, false));
		APIGatewayV2HTTPResponse preflight = this.ingestHttp.apply(LambdaEvents.http("OPTIONS",
				Map.of("origin", "https://shop.example", "access-control-request-method", "POST"), null, false));

		assertThat(get.getStatusCode()).isEqualTo(405);
		assertThat(get.getHeaders()).containsEntry("Allow", "POST, OPTIONS").containsEntry("Access-Control-Allow-Origin", "*");
		assertThat(preflight.getStatusCode()).isEqualTo(204);
		assertThat(preflight.getBody()).isNull();
		assertThat(preflight.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*")
			.containsEntry("Access-Control-Allow-Methods", "POST, OPTIONS")
			.containsEntry("Access-Control-Allow-Headers", "Authorization, Content-Type");
	}

	@Test
	void aContentTypeOtherThanJsonIs415() {
		APIGatewayV2HTTPResponse response = this.ingestHttp.apply(LambdaEvents.http("POST",
				Map.of("authorization", "Bearer " + this.key, "content-type", "text/plain"), "hello", false));

		assertThat(response.getStatusCode()).isEqualTo(415);
	}

	private APIGatewayV2HTTPResponse post(String body) {
		return this.ingestHttp.apply(LambdaEvents.http("POST",
				Map.of("authorization", "Bearer " + this.key, "content-type", "application/json"), body, false));
	}

}
