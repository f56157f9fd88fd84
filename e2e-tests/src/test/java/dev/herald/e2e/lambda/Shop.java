package dev.herald.e2e.lambda;

import java.util.List;
import java.util.UUID;

import dev.herald.db.subscription.SubscriptionRepository;
import dev.herald.db.subscription.SubscriptionRepository.NewSubscription;
import dev.herald.db.subscription.SubscriptionRepository.RecipientRule;
import dev.herald.db.template.TemplateRepository;
import dev.herald.db.template.TemplateRepository.TemplateDraft;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A shop set up as an operator would, straight in the database with {@code db}'s repositories: a tenant with a unique
 * slug, an email template for {@code order.placed} and a subscription sending it to the customer.
 */
record Shop(Tenant tenant) {

	static final String TEMPLATE_KEY = "order-placed";

	static Shop create(JdbcClient jdbc) {
		String slug = "lambda-shop-" + UUID.randomUUID().toString().substring(0, 8);
		Tenant tenant = new TenantRepository(jdbc).create(slug, "Lambda Shop", "en", "UTC");
		new TemplateRepository(jdbc).publishNewVersion(tenant.id(), new TemplateDraft(TEMPLATE_KEY, "order.placed",
				"email", "en", "Order {{ data.orderNumber }} confirmed",
				"<p>Hi {{ customer.name }}, order {{ data.orderNumber }} ({{ data.totals.total }} {{ data.totals.currency }}) is confirmed.</p>",
				"Hi {{ customer.name }}, order {{ data.orderNumber }} ({{ data.totals.total }} {{ data.totals.currency }}) is confirmed."),
				"e2e");
		new SubscriptionRepository(jdbc).create(tenant.id(), new NewSubscription("Order confirmation", "order.placed",
				TEMPLATE_KEY, List.of("email"), RecipientRule.CUSTOMER, List.of(), true));
		return new Shop(tenant);
	}

	String slug() {
		return this.tenant.slug();
	}

}
