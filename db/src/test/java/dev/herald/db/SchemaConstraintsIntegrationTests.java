package dev.herald.db;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.subscription.SubscriptionRepository.NewSubscription;
import dev.herald.db.subscription.SubscriptionRepository.RecipientRule;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import dev.herald.db.user.ConsoleUserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.herald.db.testing.ConstraintAssertions.assertRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

/** The schema itself refuses rows that make no sense, whatever code writes them. */
class SchemaConstraintsIntegrationTests {

	private final TestData data = new TestData();

	@Test
	void aDeliveryInAStateOutsideItsLifecycleIsRefused() {
		TenantId tenant = this.data.tenant().id();
		UUID delivery = this.data.delivery(tenant);

		assertRefusedBy("deliveries_state_check", () -> this.data.jdbc
			.sql("update deliveries set state = 'lost' where id = :id")
			.param("id", delivery)
			.update());
		assertThat(this.data.deliveries.find(tenant, delivery).orElseThrow().state())
			.isEqualTo(DeliveryState.PENDING);
	}

	@Test
	void everyDeliveryStateTheCodeKnowsCanBeStored() {
		TenantId tenant = this.data.tenant().id();
		UUID event = this.data.event(tenant, TestData.unique("evt"));
		UUID subscription = this.data.subscription(tenant, "order.placed").id();
		List<NewDelivery> oneOfEach = Arrays.stream(DeliveryState.values())
			.map((state) -> new NewDelivery(UUID.randomUUID(), tenant, event, subscription, "email",
					state.id() + "@example.com", null, null, "order-placed", state, 3, null))
			.toList();

		assertThat(this.data.deliveries.insertAll(oneOfEach)).isEqualTo(DeliveryState.values().length);
		assertThat(this.data.deliveries.countByState(tenant)).containsOnlyKeys(DeliveryState.values())
			.allSatisfy((state, count) -> assertThat(count).isOne());
	}

	@Test
	void aSubscriptionOnAnUnknownChannelIsRefused() {
		TenantId tenant = this.data.tenant().id();

		assertRefusedBy("subscriptions_channels_check", () -> this.data.subscriptions.create(tenant,
				subscriptionOn(List.of("email", "carrier-pigeon"))));
		assertThat(this.data.subscriptions.list(tenant)).isEmpty();
	}

	@Test
	void aSubscriptionWithoutAnyChannelIsRefused() {
		TenantId tenant = this.data.tenant().id();

		assertRefusedBy("subscriptions_channels_check",
				() -> this.data.subscriptions.create(tenant, subscriptionOn(List.of())));
		assertThat(this.data.subscriptions.list(tenant)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "MyShop", "my shop", " shop", "shop!", "-shop", "s" })
	void aTenantSlugThatIsNotLowerCaseLettersDigitsAndDashesIsRefused(String slug) {
		assertRefusedBy("tenants_slug_check", () -> this.data.tenants.create(slug, "Shop", "en", "UTC"));
		assertThat(this.data.tenants.findBySlug(slug)).isEmpty();
	}

	@Test
	void twoTenantsCannotShareASlug() {
		Tenant first = this.data.tenant();

		assertRefusedBy("tenants_slug_key", () -> this.data.tenants.create(first.slug(), "Copycat", "en", "UTC"));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 51 })
	void aTenantCannotBeSetToZeroOrAbsurdlyManyDeliveryAttempts(int maxAttempts) {
		Tenant tenant = this.data.tenant();

		assertRefusedBy("tenants_max_attempts_check",
				() -> this.data.tenants.updateMaxAttempts(tenant.id(), maxAttempts));
		assertThat(this.data.tenants.find(tenant.id()).orElseThrow().maxAttempts()).isEqualTo(8);
	}

	@Test
	void aConsoleUserWithAnUnknownRoleIsRefused() {
		TenantId tenant = this.data.tenant().id();
		ConsoleUserRepository users = new ConsoleUserRepository(this.data.jdbc);

		assertRefusedBy("console_users_role_check",
				() -> users.upsert(tenant, TestData.unique("root") + "@example.com", "hash", "superuser"));
		assertThat(users.count(tenant)).isZero();
	}

	@Test
	void anAttemptWithAnUnknownOutcomeIsRefused() {
		TenantId tenant = this.data.tenant().id();
		UUID delivery = this.data.delivery(tenant);

		assertRefusedBy("delivery_attempts_outcome_check", () -> this.data.jdbc.sql("""
				insert into delivery_attempts (tenant_id, delivery_id, attempt, started_at, finished_at, outcome, latency_ms)
				values (:tenant, :delivery, 1, now(), now(), 'maybe', 5)
				""").param("tenant", tenant.value()).param("delivery", delivery).update());
	}

	private static NewSubscription subscriptionOn(List<String> channels) {
		return new NewSubscription("Order confirmation", "order.placed", "order-placed", channels,
				RecipientRule.CUSTOMER, List.of(), true);
	}

}
