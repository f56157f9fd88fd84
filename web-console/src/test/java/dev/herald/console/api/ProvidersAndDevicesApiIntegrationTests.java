package dev.herald.console.api;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Providers and devices through the API: secrets stay write-only, bad settings are refused, tenants stay apart. */
class ProvidersAndDevicesApiIntegrationTests extends LocalServerIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final TenantRepository tenants;

	private final ApiKeyRepository apiKeys;

	private final JdbcClient jdbc;

	private String key;

	private String otherKey;

	ProvidersAndDevicesApiIntegrationTests(TenantRepository tenants, ApiKeyRepository apiKeys, JdbcClient jdbc) {
		this.tenants = tenants;
		this.apiKeys = apiKeys;
		this.jdbc = jdbc;
	}

	@BeforeEach
	void twoTenantsWithKeys() {
		this.key = keyOf(this.tenants.create("p-" + UUID.randomUUID().toString().substring(0, 8), "Shop", "en", "UTC"));
		this.otherKey = keyOf(this.tenants.create("q-" + UUID.randomUUID().toString().substring(0, 8), "Other", "en", "UTC"));
	}

	@Test
	void aProviderIsSavedInOrderAndItsSecretIsNeverShownBackNorStoredInTheClear() throws Exception {
		HttpResponse<String> saved = put(this.key, "/api/v1/providers/sms", """
				{"providers": [
				  {"provider": "twilio", "settings": {"accountSid": "AC0123456789", "from": "+15005550006"},
				   "secrets": {"authToken": "twilio-token-abcd-9876"}, "ratePerSecond": 5, "burst": 10},
				  {"provider": "local-sms"}
				]}""");

		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		assertThat(saved.body()).doesNotContain("twilio-token-abcd").contains("••••9876");
		JsonNode listed = JSON.readTree(get(this.key, "/api/v1/providers/sms").body());
		assertThat(listed.get("providers").valueStream().map((p) -> p.get("provider").asString()).toList())
			.containsExactly("twilio", "local-sms");
		assertThat(listed.toString()).doesNotContain("twilio-token-abcd");
		assertThat(this.jdbc.sql("select count(*) from provider_configs where encode(sealed_secrets, 'escape') like '%twilio-token%'")
			.query(Long.class).single()).isZero();
	}

	@Test
	void savingAgainWithoutSecretsKeepsThemAndChangesTheOrder() throws Exception {
		put(this.key, "/api/v1/providers/sms", """
				{"providers": [{"provider": "twilio", "settings": {"accountSid": "AC1", "from": "+15005550006"},
				                "secrets": {"authToken": "kept-secret-token-1234"}}]}""");

		HttpResponse<String> again = put(this.key, "/api/v1/providers/sms", """
				{"providers": [{"provider": "local-sms"},
				               {"provider": "twilio", "settings": {"accountSid": "AC1", "from": "+15005550006"}}]}""");

		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(again.body()).contains("••••1234");
	}

	@Test
	void aProviderMissingASettingOrUnknownIsRefusedWithTheReasonAndNothingChanges() throws Exception {
		HttpResponse<String> missing = put(this.key, "/api/v1/providers/sms", """
				{"providers": [{"provider": "twilio", "settings": {"from": "+15005550006"}, "secrets": {"authToken": "x"}},
				               {"provider": "carrier-pigeon"}]}""");

		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("accountSid").contains("carrier-pigeon");
		assertThat(JSON.readTree(get(this.key, "/api/v1/providers/sms").body()).get("providers").size()).isZero();
	}

	@Test
	void aTenantCannotPointAProviderAtAUrlOfItsChoosingUnlessTheOperatorAllowsIt() throws Exception {
		HttpResponse<String> refused = put(this.key, "/api/v1/providers/sms", """
				{"providers": [{"provider": "twilio", "settings": {"accountSid": "AC1", "from": "+15005550006",
				  "baseUrl": "https://169.254.169.254/latest/meta-data"}, "secrets": {"authToken": "x"}}]}""");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("'baseUrl' is not allowed on this Herald instance");
	}

	@Test
	void anotherTenantSeesNeitherTheProvidersNorTheDevices() throws Exception {
		put(this.key, "/api/v1/providers/sms", """
				{"providers": [{"provider": "local-sms"}]}""");
		HttpResponse<String> registered = post(this.key, "/api/v1/recipients/cus_1/devices", """
				{"platform": "fcm", "token": "fcm-token-of-a"}""");
		String deviceId = JSON.readTree(registered.body()).get("id").asString();

		assertThat(JSON.readTree(get(this.otherKey, "/api/v1/providers/sms").body()).get("providers").size()).isZero();
		assertThat(get(this.otherKey, "/api/v1/recipients/cus_1/devices").body()).isEqualTo("[]");
		assertThat(delete(this.otherKey, "/api/v1/recipients/cus_1/devices/" + deviceId).statusCode()).isEqualTo(404);
		assertThat(get(this.key, "/api/v1/recipients/cus_1/devices").body()).contains(deviceId);
	}

	@Test
	void aDeviceIsRegisteredListedAndRemovedAndAnIncompleteWebPushSubscriptionIsRefused() throws Exception {
		HttpResponse<String> created = post(this.key, "/api/v1/recipients/cus_9/devices", """
				{"platform": "webpush", "token": "https://push.example/ep/9", "keys": {"p256dh": "BKEY", "auth": "AUTH"}}""");
		HttpResponse<String> incomplete = post(this.key, "/api/v1/recipients/cus_9/devices", """
				{"platform": "webpush", "token": "https://push.example/ep/10", "keys": {"p256dh": "BKEY"}}""");

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).isPresent();
		assertThat(created.body()).doesNotContain("AUTH");
		assertThat(incomplete.statusCode()).isEqualTo(400);
		assertThat(incomplete.body()).contains("p256dh and auth");
		for (String internal : List.of("http://push.example/ep", "https://127.0.0.1/ep", "https://localhost/ep",
				"https://[::1]/ep", "https://metadata.google.internal/ep")) {
			HttpResponse<String> refused = post(this.key, "/api/v1/recipients/cus_9/devices", """
					{"platform": "webpush", "token": "%s", "keys": {"p256dh": "BKEY", "auth": "AUTH"}}""".formatted(internal));
			assertThat(refused.statusCode()).as(internal).isEqualTo(400);
			assertThat(refused.body()).contains("https endpoint URL at a push service");
		}
		String id = JSON.readTree(created.body()).get("id").asString();
		assertThat(delete(this.key, "/api/v1/recipients/cus_9/devices/" + id).statusCode()).isEqualTo(204);
		assertThat(get(this.key, "/api/v1/recipients/cus_9/devices").body()).isEqualTo("[]");
	}

	@Test
	void theTenantsSmsPolicyAndAttemptsAreReadAndChangedAndNonsenseIsRefused() throws Exception {
		assertThat(JSON.readTree(get(this.key, "/api/v1/settings").body()).toString())
			.isEqualTo("{\"maxAttempts\":8,\"smsMaxSegments\":3,\"smsOverflow\":\"refuse\"}");

		HttpResponse<String> changed = put(this.key, "/api/v1/settings", "{\"smsMaxSegments\": 2, \"smsOverflow\": \"truncate\"}");
		HttpResponse<String> nonsense = put(this.key, "/api/v1/settings", "{\"maxAttempts\": 0, \"smsOverflow\": \"shout\"}");

		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.body()).contains("\"smsMaxSegments\":2").contains("\"smsOverflow\":\"truncate\"")
			.contains("\"maxAttempts\":8");
		assertThat(nonsense.statusCode()).isEqualTo(400);
		assertThat(nonsense.body()).contains("$.maxAttempts").contains("$.smsOverflow");
		assertThat(get(this.otherKey, "/api/v1/settings").body()).contains("\"smsMaxSegments\":3");
	}

	private String keyOf(Tenant tenant) {
		String key = ApiKeys.generate();
		this.apiKeys.create(tenant.id(), "test", ApiKeys.displayPrefix(key), ApiKeys.hash(key));
		return key;
	}

	private HttpResponse<String> put(String key, String path, String json) throws Exception {
		return send(key, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> post(String key, String path, String json) throws Exception {
		return send(key, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> get(String key, String path) throws Exception {
		return send(key, HttpRequest.newBuilder(uri(path)).GET());
	}

	private HttpResponse<String> delete(String key, String path) throws Exception {
		return send(key, HttpRequest.newBuilder(uri(path)).DELETE());
	}

	private HttpResponse<String> send(String key, HttpRequest.Builder request) throws Exception {
		return this.http.send(request.header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
