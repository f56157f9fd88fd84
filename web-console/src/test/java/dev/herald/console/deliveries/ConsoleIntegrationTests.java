package dev.herald.console.deliveries;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.db.user.ConsoleUserRepository;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The console as a signed-in admin sees it, and what a user of another tenant never sees. */
class ConsoleIntegrationTests extends LocalServerIntegrationTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final TenantRepository tenants;

	private final ConsoleUserRepository users;

	private final PasswordEncoder passwords;

	private final SuppressionRepository suppressions;

	ConsoleIntegrationTests(TenantRepository tenants, ConsoleUserRepository users, PasswordEncoder passwords,
			SuppressionRepository suppressions) {
		this.suppressions = suppressions;
		this.tenants = tenants;
		this.users = users;
		this.passwords = passwords;
	}

	@Test
	void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
		HttpResponse<String> response = browser().send(HttpRequest.newBuilder(uri("/deliveries")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void aWrongPasswordIsRefusedWithAMessage() throws Exception {
		HttpClient browser = browser();

		HttpResponse<String> response = signIn(browser, ADMIN_EMAIL, "not the password");

		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?error"));
		assertThat(get(browser, "/login?error").body()).contains("Wrong email or password.");
	}

	@Test
	void theAdminSeesTheDeliveryOfAnEventPostedThroughTheApiAndItsMail() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		postEvent(HttpClient.newHttpClient(), API_KEY, "application/json", SampleEvents.json(EventType.ORDER_PLACED, eventId));
		HttpClient browser = browser();
		signIn(browser, ADMIN_EMAIL, ADMIN_PASSWORD);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			String page = get(browser, "/deliveries").body();
			// The SMTP server took the mail: sent, which is not yet delivered.
			assertThat(page).contains(eventId).contains(">Sent<").contains("Accepted by provider");
		});
		assertThat(get(browser, "/mailbox").body()).contains("X-Herald-Delivery-Id");
	}

	@Test
	void withoutProvidersOfItsOwnTheDemoTenantsSmsLandsInTheDevelopmentOutboxForItsAdminOnly() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		postEvent(HttpClient.newHttpClient(), API_KEY, "application/json",
				SampleEvents.json(EventType.SHIPMENT_DISPATCHED, eventId));
		String trackingNumber = tools.jackson.databind.json.JsonMapper.builder().build()
			.readTree(SampleEvents.json(EventType.SHIPMENT_DISPATCHED)).get("data").get("trackingNumber").asString();
		HttpClient admin = browser();
		signIn(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
		Tenant other = this.tenants.create("outbox-" + UUID.randomUUID().toString().substring(0, 8), "Other", "en", "UTC");
		String email = "viewer-" + UUID.randomUUID() + "@other.test";
		this.users.upsert(other.id(), email, this.passwords.encode("other-password"), "viewer");
		HttpClient stranger = browser();
		signIn(stranger, email, "other-password");

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get(admin, "/outbox").body()).contains(trackingNumber));
		assertThat(get(stranger, "/outbox").body()).doesNotContain(trackingNumber).contains("Nothing yet.");
	}

	@Test
	void aUserOfAnotherTenantSeesNoneOfTheDemoTenantsDeliveriesOrMail() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		postEvent(HttpClient.newHttpClient(), API_KEY, "application/json", SampleEvents.json(EventType.ORDER_PLACED, eventId));
		Tenant other = this.tenants.create("other-" + UUID.randomUUID().toString().substring(0, 8), "Other Shop", "en", "UTC");
		String email = "owner-" + UUID.randomUUID() + "@other.test";
		this.users.upsert(other.id(), email, this.passwords.encode("other-password"), "owner");
		HttpClient browser = browser();
		signIn(browser, email, "other-password");

		String deliveries = get(browser, "/deliveries").body();
		String mailbox = get(browser, "/mailbox").body();

		assertThat(deliveries).contains("No deliveries yet").doesNotContain(eventId);
		assertThat(mailbox).doesNotContain("X-Herald-Delivery-Id").contains("No mail yet");
	}

	@Test
	void anAdminSeesTheTenantsSuppressedAddressesSearchesThemAndRemovesOne() throws Exception {
		String address = "bounced-" + UUID.randomUUID() + "@example.com";
		dev.herald.db.tenant.TenantId demo = this.tenants.findBySlug("demo").orElseThrow().id();
		this.suppressions.add(demo, new SuppressionRepository.NewSuppression("email", address,
				SuppressionRepository.Reason.HARD_BOUNCE, "ses", "smtp; 550 5.1.1 user unknown", null));
		Tenant other = this.tenants.create("supp-" + UUID.randomUUID().toString().substring(0, 8), "Other", "en", "UTC");
		String othersAddress = "others-" + UUID.randomUUID() + "@example.com";
		this.suppressions.add(other.id(), new SuppressionRepository.NewSuppression("email", othersAddress,
				SuppressionRepository.Reason.COMPLAINT, "ses", null, null));
		HttpClient admin = browser();
		signIn(admin, ADMIN_EMAIL, ADMIN_PASSWORD);

		String page = get(admin, "/suppressions?q=" + encode(address.substring(0, 20))).body();

		assertThat(page).contains(address).contains("Hard bounce").contains("smtp; 550 5.1.1 user unknown")
			.doesNotContain(othersAddress);
		UUID id = this.suppressions.find(demo, "email", address).orElseThrow().id();
		Matcher csrf = CSRF.matcher(page);
		assertThat(csrf.find()).isTrue();
		HttpResponse<String> removed = admin.send(HttpRequest.newBuilder(uri("/suppressions/" + id + "/remove"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(csrf.group(1))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(removed.statusCode()).isEqualTo(302);
		assertThat(get(admin, "/suppressions").body()).contains("removed from the suppression list")
			.doesNotContain(address);
		assertThat(this.suppressions.find(demo, "email", address)).isEmpty();
		UUID othersId = this.suppressions.find(other.id(), "email", othersAddress).orElseThrow().id();
		admin.send(HttpRequest.newBuilder(uri("/suppressions/" + othersId + "/remove"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(csrf.group(1))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(this.suppressions.find(other.id(), "email", othersAddress)).as("another tenant's").isPresent();
	}

	private HttpClient browser() {
		return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> signIn(HttpClient browser, String email, String password) throws Exception {
		Matcher csrf = CSRF.matcher(get(browser, "/login").body());
		assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
		String form = "username=" + encode(email) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
		return browser.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
