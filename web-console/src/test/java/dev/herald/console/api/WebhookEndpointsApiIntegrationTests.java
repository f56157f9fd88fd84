package dev.herald.console.api;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/webhooks} on a server that does not allow endpoint overrides: endpoints are managed with the API
 * key, their secret shown once, URLs Herald must not call are refused with the reason, and one tenant never sees or
 * changes another's.
 */
class WebhookEndpointsApiIntegrationTests extends LocalServerIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final TenantRepository tenants;

	private final ApiKeyRepository apiKeys;

	private String key;

	private String otherKey;

	WebhookEndpointsApiIntegrationTests(TenantRepository tenants, ApiKeyRepository apiKeys) {
		this.tenants = tenants;
		this.apiKeys = apiKeys;
	}

	@BeforeEach
	void tenants() {
		this.key = keyOf(this.tenants.create("wh-" + UUID.randomUUID().toString().substring(0, 8), "Shop", "en", "UTC"));
		this.otherKey = keyOf(this.tenants.create("wh-" + UUID.randomUUID().toString().substring(0, 8), "Other", "en",
				"UTC"));
	}

	@Test
	void anEndpointIsCreatedWithItsSecretShownOnceThenListedUpdatedRotatedAndDeleted() throws Exception {
		HttpResponse<String> created = send(this.key, "POST", "/api/v1/webhooks", """
				{"url": "https://hooks.shop.example/herald", "description": "orders team",
				 "eventTypes": ["delivery.bounced", "delivery.complained"]}""");

		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode answer = JSON.readTree(created.body());
		String id = answer.get("endpoint").get("id").asString();
		String secret = answer.get("secret").asString();
		assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
		assertThat(created.headers().firstValue("Location")).contains("/api/v1/webhooks/" + id);
		assertThat(answer.get("endpoint").get("enabled").asBoolean()).isTrue();
		assertThat(answer.get("endpoint").get("includeRecipient").asBoolean()).isFalse();

		HttpResponse<String> listed = send(this.key, "GET", "/api/v1/webhooks", null);
		assertThat(listed.body()).doesNotContain(secret).doesNotContain("whsec_");
		assertThat(JSON.readTree(listed.body()).get("endpoints")).singleElement().satisfies((endpoint) -> {
			assertThat(endpoint.get("url").asString()).isEqualTo("https://hooks.shop.example/herald");
			assertThat(endpoint.get("eventTypes").toString()).isEqualTo("[\"delivery.bounced\",\"delivery.complained\"]");
		});

		HttpResponse<String> disabled = send(this.key, "PATCH", "/api/v1/webhooks/" + id, "{\"enabled\": false}");
		assertThat(disabled.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(disabled.body()).get("enabled").asBoolean()).isFalse();
		assertThat(JSON.readTree(disabled.body()).get("description").asString()).isEqualTo("orders team");

		HttpResponse<String> rotated = send(this.key, "POST", "/api/v1/webhooks/" + id + "/rotate-secret", null);
		assertThat(rotated.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(rotated.body()).get("secret").asString()).startsWith("whsec_").isNotEqualTo(secret);
		assertThat(JSON.readTree(rotated.body()).get("previousSignsUntil").asString()).isNotEmpty();
		assertThat(send(this.key, "POST", "/api/v1/webhooks/" + id + "/rotate-secret", "{\"previousValidHours\": 999}")
			.statusCode()).isEqualTo(400);

		assertThat(send(this.key, "GET", "/api/v1/webhooks/" + id + "/messages", null).body())
			.isEqualTo("{\"messages\":[]}");
		assertThat(send(this.key, "DELETE", "/api/v1/webhooks/" + id, null).statusCode()).isEqualTo(204);
		assertThat(send(this.key, "GET", "/api/v1/webhooks/" + id, null).statusCode()).isEqualTo(404);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "http://hooks.shop.example/herald | must be an https URL",
			"https://127.0.0.1:8443/herald | must name its host, not an IP address",
			"https://[::1]/herald | must name its host, not an IP address",
			"https://localhost/herald | must name a public host, not localhost or an internal name",
			"https://user:secret@hooks.shop.example/herald | must not hold user info (credentials)" })
	void urlsHeraldMustNotCallAreRefusedWith400AndTheReason(String url, String reason) throws Exception {
		HttpResponse<String> refused = send(this.key, "POST", "/api/v1/webhooks", "{\"url\": \"" + url + "\"}");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.get("errors").get(0).get("path").asString()).isEqualTo("$.url");
		assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo(reason);
		assertThat(JSON.readTree(send(this.key, "GET", "/api/v1/webhooks", null).body()).get("endpoints")).isEmpty();
	}

	@Test
	void anUnknownEventTypeOrAnUpdateToARefusedUrlIs400AndChangesNothing() throws Exception {
		HttpResponse<String> unknown = send(this.key, "POST", "/api/v1/webhooks",
				"{\"url\": \"https://hooks.shop.example/h\", \"eventTypes\": [\"order.placed\"]}");
		String id = id(send(this.key, "POST", "/api/v1/webhooks", "{\"url\": \"https://hooks.shop.example/h\"}"));
		HttpResponse<String> moved = send(this.key, "PATCH", "/api/v1/webhooks/" + id,
				"{\"url\": \"https://169.254.169.254/latest/meta-data\"}");

		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("'order.placed' is not one of delivery.sent");
		assertThat(moved.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(send(this.key, "GET", "/api/v1/webhooks/" + id, null).body()).get("url").asString())
			.isEqualTo("https://hooks.shop.example/h");
	}

	@Test
	void anotherTenantNeitherSeesNorChangesNorDeletesAnEndpointAndWithoutAKeyIs401() throws Exception {
		String id = id(send(this.key, "POST", "/api/v1/webhooks", "{\"url\": \"https://hooks.shop.example/a\"}"));
		String path = "/api/v1/webhooks/" + id;

		assertThat(JSON.readTree(send(this.otherKey, "GET", "/api/v1/webhooks", null).body()).get("endpoints")).isEmpty();
		assertThat(send(this.otherKey, "GET", path, null).statusCode()).isEqualTo(404);
		assertThat(send(this.otherKey, "PATCH", path, "{\"url\": \"https://evil.example/x\"}").statusCode())
			.isEqualTo(404);
		assertThat(send(this.otherKey, "POST", path + "/rotate-secret", null).statusCode()).isEqualTo(404);
		assertThat(send(this.otherKey, "GET", path + "/messages", null).statusCode()).isEqualTo(404);
		assertThat(send(this.otherKey, "POST", path + "/messages/" + UUID.randomUUID() + "/replay", null).statusCode())
			.isEqualTo(404);
		assertThat(send(this.otherKey, "DELETE", path, null).statusCode()).isEqualTo(404);
		assertThat(send("hk_wrong", "GET", "/api/v1/webhooks", null).statusCode()).isEqualTo(401);

		assertThat(JSON.readTree(send(this.key, "GET", path, null).body()).get("url").asString())
			.isEqualTo("https://hooks.shop.example/a");
	}

	private String keyOf(Tenant tenant) {
		String key = ApiKeys.generate();
		this.apiKeys.create(tenant.id(), "test", ApiKeys.displayPrefix(key), ApiKeys.hash(key));
		return key;
	}

	private static String id(HttpResponse<String> created) {
		assertThat(created.statusCode()).isEqualTo(201);
		return JSON.readTree(created.body()).get("endpoint").get("id").asString();
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

}
