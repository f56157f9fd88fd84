package dev.herald.db.subscription;

import java.util.List;

import dev.herald.db.subscription.SubscriptionRepository.FixedRecipient;
import dev.herald.db.subscription.SubscriptionRepository.NewSubscription;
import dev.herald.db.subscription.SubscriptionRepository.RecipientRule;
import dev.herald.db.subscription.SubscriptionRepository.Subscription;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SubscriptionRepositoryIntegrationTests {

	private final TestData data = new TestData();

	private final SubscriptionRepository subscriptions = this.data.subscriptions;

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void aSubscriptionIsReadBackWithItsChannelsAndFixedRecipients() {
		Subscription created = this.subscriptions.create(this.tenant, new NewSubscription("Ops alert",
				"order.placed", "ops-order-placed", List.of("sms", "email"), RecipientRule.FIXED,
				List.of(new FixedRecipient("email", "ops@shop.example", "주문팀", "ko-KR"),
						new FixedRecipient("sms", "+821012345678", null, null)),
				true));

		assertThat(this.subscriptions.list(this.tenant)).containsExactly(created);
		assertThat(this.subscriptions.findEnabled(this.tenant, "order.placed")).singleElement()
			.satisfies((found) -> {
				assertThat(found.channels()).containsExactly("sms", "email");
				assertThat(found.recipientRule()).isEqualTo(RecipientRule.FIXED);
				assertThat(found.fixedRecipients()).containsExactly(
						new FixedRecipient("email", "ops@shop.example", "주문팀", "ko-KR"),
						new FixedRecipient("sms", "+821012345678", null, null));
			});
	}

	@Test
	void aCustomerSubscriptionHasNoFixedRecipients() {
		Subscription created = this.data.subscription(this.tenant, "order.placed");

		assertThat(this.subscriptions.list(this.tenant)).singleElement().satisfies((found) -> {
			assertThat(found).isEqualTo(created);
			assertThat(found.recipientRule()).isEqualTo(RecipientRule.CUSTOMER);
			assertThat(found.fixedRecipients()).isEmpty();
		});
	}

	@Test
	void onlyEnabledSubscriptionsForTheEventTypeFireOldestFirst() {
		Subscription first = create("Confirmation", "order.placed", true);
		create("Paused survey", "order.placed", false);
		create("Shipping notice", "order.shipped", true);
		Subscription second = create("Ops copy", "order.placed", true);

		assertThat(this.subscriptions.findEnabled(this.tenant, "order.placed")).containsExactly(first, second);
		assertThat(this.subscriptions.findEnabled(this.tenant, "order.cancelled")).isEmpty();
	}

	@Test
	void theListShowsDisabledSubscriptionsTooGroupedByEventType() {
		create("Shipping notice", "order.shipped", true);
		create("Paused survey", "order.placed", false);
		create("Confirmation", "order.placed", true);

		assertThat(this.subscriptions.list(this.tenant)).extracting(Subscription::name, Subscription::enabled)
			.containsExactly(tuple("Paused survey", false),
					tuple("Confirmation", true),
					tuple("Shipping notice", true));
	}

	private Subscription create(String name, String eventType, boolean enabled) {
		return this.subscriptions.create(this.tenant, new NewSubscription(name, eventType, "tpl", List.of("email"),
				RecipientRule.CUSTOMER, List.of(), enabled));
	}

}
