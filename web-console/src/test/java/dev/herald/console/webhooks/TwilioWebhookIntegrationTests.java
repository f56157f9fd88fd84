package dev.herald.console.webhooks;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.event.EventRepository;
import dev.herald.db.provider.ProviderConfigRepository;
import dev.herald.db.provider.ProviderConfigRepository.NewProviderConfig;
import dev.herald.db.status.ProviderStatus;
import dev.herald.db.status.StatusEventRepository;
import dev.herald.db.subscription.SubscriptionRepository;
import dev.herald.db.subscription.SubscriptionRepository.NewSubscription;
import dev.herald.db.subscription.SubscriptionRepository.RecipientRule;
import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Twilio's status callbacks reach a tenant's SMS delivery only when signed with that tenant's auth token. */
class TwilioWebhookIntegrationTests extends LocalServerIntegrationTest {

	private static final String AUTH_TOKEN = "twilio-auth-token-0123456789";

	private final HttpClient http = HttpClient.newHttpClient();

	private final TenantRepository tenants;

	private final ProviderConfigRepository providers;

	private final EventRepository events;

	private final SubscriptionRepository subscriptions;

	private final DeliveryRepository deliveries;

	private final StatusEventRepository statusEvents;

	private final SuppressionRepository suppressions;

	private final TransactionTemplate transactions;

	private final JdbcClient jdbc;

	private Tenant tenant;

	private UUID delivery;

	private String sid;

	TwilioWebhookIntegrationTests(TenantRepository tenants, ProviderConfigRepository providers, EventRepository events,
			SubscriptionRepository subscriptions, DeliveryRepository deliveries, StatusEventRepository statusEvents,
			SuppressionRepository suppressions, TransactionTemplate transactions, JdbcClient jdbc) {
		this.tenants = tenants;
		this.providers = providers;
		this.events = events;
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.statusEvents = statusEvents;
		this.suppressions = suppressions;
		this.transactions = transactions;
		this.jdbc = jdbc;
	}

	/** A tenant sending SMS through Twilio, and one of its SMS that Twilio accepted as {@link #sid}. */
	@BeforeEach
	void anSmsSentThroughTwilio() {
		this.tenant = this.tenants.create("tw-" + UUID.randomUUID().toString().substring(0, 8), "SMS shop", "en", "UTC");
		this.transactions.executeWithoutResult((tx) -> this.providers.replace(this.tenant.id(), "sms",
				List.of(new NewProviderConfig("twilio", true,
						Map.of("accountSid", "AC0123456789abcdef0123456789abcdef", "from", "+15017122661"),
						Map.of("authToken", AUTH_TOKEN), null, null))));
		this.delivery = smsDelivery(this.tenant, "+15558675310");
		this.sid = "SM" + UUID.randomUUID().toString().replace("-", "");
		this.jdbc.sql("""
				update deliveries set state = 'delivered', provider = 'twilio', provider_message_id = :sid,
				                      delivered_at = now()
				where id = :id
				""").param("sid", this.sid).param("id", this.delivery).update();
	}

	@Test
	void aCallbackSignedWithTheTenantsAuthTokenUpdatesTheDelivery() throws Exception {
		Map<String, String> form = callback(this.sid, "delivered", null);

		HttpResponse<String> response = post(path(this.tenant.id().toString()), form,
				sign(AUTH_TOKEN, path(this.tenant.id().toString()), form));

		assertThat(response.statusCode()).isEqualTo(204);
		DeliveryView view = this.deliveries.find(this.tenant.id(), this.delivery).orElseThrow();
		assertThat(view.outcome()).isEqualTo(ProviderStatus.DELIVERED);
		assertThat(view.status()).isEqualTo("delivered");
		assertThat(this.statusEvents.history(this.tenant.id(), this.delivery)).singleElement()
			.satisfies((event) -> assertThat(event.detail()).isEqualTo("delivered"));
	}

	@Test
	void theTenantsSlugWorksInThePathAndAStopSuppressesTheNumber() throws Exception {
		Map<String, String> form = callback(this.sid, "undelivered", "21610");

		HttpResponse<String> response = post(path(this.tenant.slug()), form,
				sign(AUTH_TOKEN, path(this.tenant.slug()), form));

		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(this.deliveries.find(this.tenant.id(), this.delivery).orElseThrow().outcome())
			.isEqualTo(ProviderStatus.FAILED);
		assertThat(this.suppressions.find(this.tenant.id(), "sms", "+15558675310")).hasValueSatisfying((s) -> {
			assertThat(s.reason()).isEqualTo(SuppressionRepository.Reason.OPTED_OUT);
			assertThat(s.source()).isEqualTo("twilio");
		});
	}

	@Test
	void tamperedParametersAreRefusedWith403AndChangeNothing() throws Exception {
		Map<String, String> signed = callback(this.sid, "delivered", null);
		String signature = sign(AUTH_TOKEN, path(this.tenant.id().toString()), signed);
		Map<String, String> tampered = callback(this.sid, "undelivered", "21610");

		HttpResponse<String> response = post(path(this.tenant.id().toString()), tampered, signature);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertUnchanged();
	}

	@Test
	void aWrongTokenNoSignatureAnotherTenantsPathOrAnUnknownTenantAreRefusedWith403() throws Exception {
		Map<String, String> form = callback(this.sid, "undelivered", "21610");
		Tenant other = this.tenants.create("tw-" + UUID.randomUUID().toString().substring(0, 8), "Other", "en", "UTC");
		this.transactions.executeWithoutResult((tx) -> this.providers.replace(other.id(), "sms",
				List.of(new NewProviderConfig("twilio", true,
						Map.of("accountSid", "AC0123456789abcdef0123456789abcdef", "from", "+15017122661"),
						Map.of("authToken", "the-other-tenants-token"), null, null))));

		assertThat(post(path(this.tenant.id().toString()), form,
				sign("not-the-auth-token", path(this.tenant.id().toString()), form)).statusCode()).isEqualTo(403);
		assertThat(post(path(this.tenant.id().toString()), form, null).statusCode()).isEqualTo(403);
		// Signed by the other tenant for its own path: valid there, but the message is not the other tenant's.
		assertThat(post(path(other.id().toString()), form,
				sign("the-other-tenants-token", path(other.id().toString()), form)).statusCode()).isEqualTo(204);
		assertThat(post(path("no-such-tenant"), form, sign(AUTH_TOKEN, path("no-such-tenant"), form)).statusCode())
			.isEqualTo(403);
		assertUnchanged();
		assertThat(this.statusEvents.unmatched(other.id(), 10)).singleElement()
			.satisfies((event) -> assertThat(event.providerMessageId()).isEqualTo(this.sid));
		assertThat(this.suppressions.find(other.id(), "sms", "+15558675310")).isEmpty();
	}

	private void assertUnchanged() {
		DeliveryView view = this.deliveries.find(this.tenant.id(), this.delivery).orElseThrow();
		assertThat(view.outcome()).isNull();
		assertThat(view.state()).isEqualTo(DeliveryState.DELIVERED);
		assertThat(this.statusEvents.history(this.tenant.id(), this.delivery)).isEmpty();
		assertThat(this.suppressions.find(this.tenant.id(), "sms", "+15558675310")).isEmpty();
	}

	private UUID smsDelivery(Tenant tenant, String phone) {
		UUID event = this.events.insertIfAbsent(tenant.id(), new EventRepository.NewEvent("evt-" + UUID.randomUUID(),
				"shipment.dispatched", "/shop", null, java.time.Instant.now(), "api", "{}")).orElseThrow();
		UUID subscription = this.subscriptions.create(tenant.id(), new NewSubscription("Shipped", "shipment.dispatched",
				"shipped", List.of("sms"), RecipientRule.CUSTOMER, List.of(), true)).id();
		UUID id = UUID.randomUUID();
		this.deliveries.insertAll(List.of(new DeliveryRepository.NewDelivery(id, tenant.id(), event, subscription,
				"sms", phone, "Ana", "en", "shipped", DeliveryState.SKIPPED, 3, "made by the test")));
		return id;
	}

	private String path(String tenant) {
		return "/webhooks/twilio/" + tenant;
	}

	/** What Twilio posts when a message's status changes. */
	private static Map<String, String> callback(String sid, String status, String errorCode) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("ApiVersion", "2010-04-01");
		form.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
		form.put("MessageSid", sid);
		form.put("SmsSid", sid);
		form.put("MessageStatus", status);
		form.put("SmsStatus", status);
		form.put("From", "+15017122661");
		form.put("To", "+15558675310");
		if (errorCode != null) {
			form.put("ErrorCode", errorCode);
		}
		return form;
	}

	/** Twilio's signature over the URL it calls, with the form's parameters. */
	private String sign(String token, String path, Map<String, String> form) {
		List<Map.Entry<String, String>> parameters = new ArrayList<>(form.entrySet());
		return TwilioSignature.sign(token, uri(path).toString(), parameters);
	}

	private HttpResponse<String> post(String path, Map<String, String> form, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(form.entrySet()
				.stream()
				.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"))));
		if (signature != null) {
			request.header("X-Twilio-Signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
