package dev.herald.console.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.herald.console.ServerProperties;
import dev.herald.console.api.ApiKeys;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.subscription.SubscriptionRepository;
import dev.herald.db.subscription.SubscriptionRepository.NewSubscription;
import dev.herald.db.subscription.SubscriptionRepository.RecipientRule;
import dev.herald.db.template.TemplateRepository;
import dev.herald.db.template.TemplateRepository.TemplateDraft;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.db.user.ConsoleUserRepository;
import dev.herald.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Creates the demo tenant on first start: sample templates (email for every event type, SMS and push for the ones a
 * shopper wants on the phone) and a subscription for every event type, an API key
 * and an owner login. Given ones (HERALD_BOOTSTRAP_*) are made to work on every start; generated ones are printed once,
 * because only their hashes are kept.
 */
@Component
@ConditionalOnBooleanProperty(name = "herald.server.bootstrap.enabled", matchIfMissing = true)
class DemoTenantBootstrap implements ApplicationRunner {

	static final String SLUG = "demo";

	private static final Logger logger = LoggerFactory.getLogger(DemoTenantBootstrap.class);

	private final ServerProperties.Bootstrap settings;

	private final TenantRepository tenants;

	private final ApiKeyRepository apiKeys;

	private final ConsoleUserRepository users;

	private final TemplateRepository templates;

	private final SubscriptionRepository subscriptions;

	private final PasswordEncoder passwords;

	private final TransactionOperations transactions;

	DemoTenantBootstrap(ServerProperties properties, TenantRepository tenants, ApiKeyRepository apiKeys,
			ConsoleUserRepository users, TemplateRepository templates, SubscriptionRepository subscriptions,
			PasswordEncoder passwords, TransactionOperations transactions) {
		this.settings = properties.bootstrap();
		this.tenants = tenants;
		this.apiKeys = apiKeys;
		this.users = users;
		this.templates = templates;
		this.subscriptions = subscriptions;
		this.passwords = passwords;
		this.transactions = transactions;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.transactions.executeWithoutResult((status) -> bootstrap());
	}

	private void bootstrap() {
		boolean firstStart = this.tenants.findBySlug(SLUG).isEmpty();
		Tenant tenant = this.tenants.findBySlug(SLUG).orElseGet(() -> createDemoTenant());
		StringBuilder banner = new StringBuilder();
		String apiKey = this.settings.apiKey();
		if (hasText(apiKey)) {
			if (!this.apiKeys.existsByHash(ApiKeys.hash(apiKey))) {
				this.apiKeys.create(tenant.id(), "bootstrap", ApiKeys.displayPrefix(apiKey), ApiKeys.hash(apiKey));
			}
		}
		else if (firstStart) {
			apiKey = ApiKeys.generate();
			this.apiKeys.create(tenant.id(), "demo", ApiKeys.displayPrefix(apiKey), ApiKeys.hash(apiKey));
			banner.append("\n  API key (shown once):  ").append(apiKey);
		}
		String password = this.settings.adminPassword();
		if (hasText(password)) {
			this.users.upsert(tenant.id(), this.settings.adminEmail(), this.passwords.encode(password), "owner");
		}
		else if (firstStart) {
			password = generatePassword();
			this.users.upsert(tenant.id(), this.settings.adminEmail(), this.passwords.encode(password), "owner");
			banner.append("\n  Console login:         ").append(this.settings.adminEmail()).append(" / ").append(password);
		}
		if (!banner.isEmpty()) {
			// Printed, not only logged, so a first-time user sees it whatever the log configuration.
			System.out.println("\n=== Herald demo tenant created (tenant '" + SLUG + "') ===" + banner
					+ "\n  These are stored only as hashes: note them now, or set HERALD_BOOTSTRAP_API_KEY and "
					+ "HERALD_BOOTSTRAP_ADMIN_PASSWORD.\n");
		}
	}

	private Tenant createDemoTenant() {
		Tenant tenant = this.tenants.create(SLUG, "Demo Shop", "en", "UTC");
		for (EventType type : EventType.values()) {
			String key = templateKey(type);
			List<String> channels = new ArrayList<>();
			this.templates.publishNewVersion(tenant.id(),
					new TemplateDraft(key, type.wireName(), "email", "en", read(type, "email.subject.liquid"),
							read(type, "email.html.liquid"), read(type, "email.text.liquid")),
					"bootstrap");
			channels.add("email");
			String sms = readIfPresent(type, "sms.text.liquid");
			if (sms != null) {
				this.templates.publishNewVersion(tenant.id(),
						new TemplateDraft(key, type.wireName(), "sms", "en", null, null, sms), "bootstrap");
				channels.add("sms");
			}
			String push = readIfPresent(type, "push.text.liquid");
			if (push != null) {
				this.templates.publishNewVersion(tenant.id(), new TemplateDraft(key, type.wireName(), "push", "en",
						read(type, "push.title.liquid"), null, push, readIfPresent(type, "push.url.liquid")),
						"bootstrap");
				channels.add("push");
			}
			this.subscriptions.create(tenant.id(), new NewSubscription("Notify the customer: " + type.wireName(),
					type.wireName(), key, channels, RecipientRule.CUSTOMER, List.of(), true));
		}
		logger.info("Created demo tenant '{}' with templates and subscriptions for {} event types", SLUG,
				EventType.values().length);
		return tenant;
	}

	static String templateKey(EventType type) {
		return type.wireName().replace('.', '-').replace('_', '-');
	}

	private static String read(EventType type, String file) {
		ClassPathResource resource = new ClassPathResource("demo/templates/" + type.wireName() + "/" + file);
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Missing demo template " + resource.getPath(), ex);
		}
	}

	private static String readIfPresent(EventType type, String file) {
		return new ClassPathResource("demo/templates/" + type.wireName() + "/" + file).exists() ? read(type, file)
				: null;
	}

	private static String generatePassword() {
		byte[] bytes = new byte[15];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
