package dev.herald.db.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.delivery.DeliveryRepository.Claim;
import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.event.EventRepository;
import dev.herald.db.event.EventRepository.NewEvent;
import dev.herald.db.subscription.SubscriptionRepository;
import dev.herald.db.subscription.SubscriptionRepository.NewSubscription;
import dev.herald.db.subscription.SubscriptionRepository.RecipientRule;
import dev.herald.db.subscription.SubscriptionRepository.Subscription;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.tenant.TenantRepository;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The few rows most database tests need, on {@link TestDatabase#shared()}: a tenant of their own (unique slug, so
 * tests never see each other's data), an event, a subscription and a delivery of that tenant, and a claim on it.
 */
public final class TestData {

	public final JdbcClient jdbc;

	public final TenantRepository tenants;

	public final EventRepository events;

	public final SubscriptionRepository subscriptions;

	public final DeliveryRepository deliveries;

	public TestData() {
		TestDatabase database = TestDatabase.shared();
		this.jdbc = database.jdbcClient();
		this.tenants = new TenantRepository(this.jdbc);
		this.events = new EventRepository(this.jdbc);
		this.subscriptions = new SubscriptionRepository(this.jdbc);
		this.deliveries = new DeliveryRepository(this.jdbc, database.jdbcTemplate());
	}

	/** A string no other test uses, e.g. {@code evt-3f9a0c1b2d4e}. */
	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/** A new tenant with a unique slug, English and UTC by default. */
	public Tenant tenant() {
		return this.tenants.create(unique("shop"), "Test shop", "en", "UTC");
	}

	public static NewEvent newEvent(String eventId, String eventType) {
		Instant occurred = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return new NewEvent(eventId, eventType, "/shop/orders", "order-1001", occurred, "api",
				"{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"type\":\"" + eventType
						+ "\",\"data\":{\"orderNumber\":\"1001\"}}");
	}

	/** Stores an {@code order.placed} event with this event id and returns its row id. */
	public UUID event(TenantId tenant, String eventId) {
		return this.events.insertIfAbsent(tenant, newEvent(eventId, "order.placed")).orElseThrow();
	}

	/** An enabled subscription of the tenant sending {@code order-placed} by email to the customer. */
	public Subscription subscription(TenantId tenant, String eventType) {
		return this.subscriptions.create(tenant, new NewSubscription("Order confirmation", eventType, "order-placed",
				List.of("email"), RecipientRule.CUSTOMER, List.of(), true));
	}

	public static NewDelivery newDelivery(TenantId tenant, UUID eventRef, UUID subscriptionId, String recipient) {
		return new NewDelivery(UUID.randomUUID(), tenant, eventRef, subscriptionId, "email", recipient, "Ana",
				"en", "order-placed", DeliveryState.PENDING, 3, null);
	}

	/** A pending email delivery of a new event of the tenant; returns the delivery id. */
	public UUID delivery(TenantId tenant) {
		return delivery(tenant, event(tenant, unique("evt")));
	}

	/** A pending email delivery of the given event to {@code ana@example.com}; returns the delivery id. */
	public UUID delivery(TenantId tenant, UUID eventRef) {
		NewDelivery delivery = newDelivery(tenant, eventRef, subscription(tenant, "order.placed").id(),
				"ana@example.com");
		this.deliveries.insertAll(List.of(delivery));
		return delivery.id();
	}

	/** Claims the delivery the way a worker does: state 'sending', a fresh token, one more attempt. */
	public Claim claim(TenantId tenant, UUID deliveryId) {
		UUID token = UUID.randomUUID();
		int attempt = this.jdbc.sql("""
				update deliveries
				set state = 'sending', claim_token = :token, attempts = attempts + 1,
				    lease_until = now() + interval '5 minutes'
				where tenant_id = :tenant and id = :id
				returning attempts
				""")
			.param("token", token)
			.param("tenant", tenant.value())
			.param("id", deliveryId)
			.query(Integer.class)
			.single();
		return new Claim(tenant, deliveryId, token, attempt);
	}

	/** One column of one delivery, read directly, for what the views do not show (e.g. the claim token). */
	public Object deliveryColumn(UUID deliveryId, String column) {
		return this.jdbc.sql("select " + column + " from deliveries where id = :id")
			.param("id", deliveryId)
			.query()
			.singleRow()
			.get(column);
	}

}
