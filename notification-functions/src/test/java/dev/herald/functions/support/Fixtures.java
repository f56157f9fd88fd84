package dev.herald.functions.support;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.device.DeviceRepository;
import dev.herald.db.event.EventRepository;
import dev.herald.db.event.RejectedEventRepository;
import dev.herald.db.provider.ProviderConfigRepository;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.status.StatusEventRepository;
import dev.herald.db.subscription.SubscriptionRepository;
import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.subscription.SubscriptionRepository.NewSubscription;
import dev.herald.db.subscription.SubscriptionRepository.RecipientRule;
import dev.herald.db.template.TemplateRepository;
import dev.herald.db.template.TemplateRepository.TemplateDraft;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.db.testing.TestDatabase;
import dev.herald.events.EventValidator;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.DeliveryQueue;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.delivery.routing.TenantChannels;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.rendering.RenderLimits;
import dev.herald.functions.rendering.TemplateRenderer;
import dev.herald.functions.status.ProviderStatusManagement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The functions wired by hand over the shared test database, as Spring would, plus data builders. */
public final class Fixtures {

	public final TestDatabase database = TestDatabase.shared();

	public final JdbcClient jdbc = this.database.jdbcClient();

	public final TenantRepository tenants = new TenantRepository(this.jdbc);

	public final EventRepository events = new EventRepository(this.jdbc);

	public final RejectedEventRepository rejectedEvents = new RejectedEventRepository(this.jdbc);

	public final SubscriptionRepository subscriptions = new SubscriptionRepository(this.jdbc);

	public final TemplateRepository templates = new TemplateRepository(this.jdbc);

	public final DeliveryRepository deliveries = new DeliveryRepository(this.jdbc, this.database.jdbcTemplate());

	public final DeviceRepository devices = new DeviceRepository(this.jdbc);

	public final ProviderConfigRepository providerConfigs = new ProviderConfigRepository(this.jdbc,
			SecretBox.ofBase64Key(SecretBox.generateKey()));

	public final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	public final TransactionTemplate transactions = new TransactionTemplate(
			new DataSourceTransactionManager(this.database.dataSource()));

	public final StatusEventRepository statusEvents = new StatusEventRepository(this.jdbc);

	public final SuppressionRepository suppressions = new SuppressionRepository(this.jdbc);

	public final WebhookRepository webhooks = new WebhookRepository(this.jdbc,
			SecretBox.ofBase64Key(SecretBox.generateKey()));

	public final ProviderStatusManagement providerStatus = new ProviderStatusManagement(this.statusEvents,
			this.suppressions, this.webhooks, this.transactions, this.meters, Clock.systemUTC());

	public IngestFunction ingest(DeliveryQueue queue) {
		return new IngestFunction(new EventValidator(), this.tenants, this.events, this.rejectedEvents,
				this.subscriptions, this.deliveries, this.devices, this.suppressions, this.webhooks, queue,
				this.transactions, this.meters);
	}

	public PostgresDeliveryQueue queue(java.time.Duration lease) {
		return new PostgresDeliveryQueue(this.jdbc, lease);
	}

	/** A processor whose instance-default channels are {@code defaults}, and the given provider kinds. */
	public DeliveryProcessor processor(List<Channel> defaults, List<ChannelProvider> providers, Backoff backoff) {
		return processor(defaults, providers, backoff, queue(java.time.Duration.ofMinutes(5)));
	}

	/** A processor that reschedules retries and throttled deliveries on {@code queue}. */
	public DeliveryProcessor processor(List<Channel> defaults, List<ChannelProvider> providers, Backoff backoff,
			DeliveryQueue queue) {
		return new DeliveryProcessor(this.tenants, this.events, this.templates, this.deliveries, this.devices,
				new TemplateRenderer(RenderLimits.defaults()), tenantChannels(defaults, providers), queue,
				this.providerStatus, Map.of(), backoff, this.meters, Clock.systemUTC());
	}

	public DeliveryProcessor processor(List<Channel> defaults, Backoff backoff) {
		return processor(defaults, List.of(), backoff);
	}

	public TenantChannels tenantChannels(List<Channel> defaults, List<ChannelProvider> providers) {
		return new TenantChannels(this.providerConfigs, providers, defaults,
				new TenantChannels.BreakerSettings(3, java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(5)),
				false, false, Clock.systemUTC());
	}

	/** A fresh tenant, so tests never see each other's rows. */
	public Tenant tenant() {
		return this.tenants.create("t-" + UUID.randomUUID().toString().substring(0, 12), "Test Shop", "en", "UTC");
	}

	public void emailTemplate(Tenant tenant, String key, String eventType, String locale, String subject,
			String html, String text) {
		this.templates.publishNewVersion(tenant.id(),
				new TemplateDraft(key, eventType, "email", locale, subject, html, text), "test");
	}

	public void subscribe(Tenant tenant, String eventType, String key, List<String> channels) {
		this.subscriptions.create(tenant.id(), new NewSubscription("sub " + eventType, eventType, key, channels,
				RecipientRule.CUSTOMER, List.of(), true));
	}

	/** Makes every waiting delivery of the tenant due now, as if its backoff had passed. */
	public void makeDue(Tenant tenant) {
		this.jdbc.sql("update deliveries set next_attempt_at = now() - interval '1 second' where tenant_id = :t")
			.param("t", tenant.id().value())
			.update();
	}

	/**
	 * Takes every waiting delivery left by earlier tests out of the queue (the queue is shared by all tenants, as in
	 * production), so a test claims only what it created.
	 */
	public void clearQueue() {
		this.jdbc.sql("""
				update deliveries set state = 'skipped', last_error = 'cleared by a test', claim_token = null
				where state in ('pending', 'retrying', 'sending')
				""").update();
	}

	/**
	 * {@code count} pending email deliveries of one new event of the tenant, stored but never put on any SQS queue
	 * (as if publishing had failed after the commit).
	 */
	public List<UUID> pendingDeliveries(Tenant tenant, int count) {
		String team = UUID.randomUUID().toString().substring(0, 8);
		List<String> recipients = java.util.stream.IntStream.range(0, count)
			.mapToObj((i) -> "ops" + i + "-" + team + "@shop.example")
			.toList();
		this.subscriptions.create(tenant.id(), new NewSubscription("team " + team, "order.placed", "order-placed",
				List.of("email"), RecipientRule.FIXED, recipients.stream()
					.map((address) -> new SubscriptionRepository.FixedRecipient("email", address, "Ops", "en"))
					.toList(),
				true));
		String eventId = "evt-" + UUID.randomUUID();
		ingest(queue(java.time.Duration.ofMinutes(2))).apply(new dev.herald.functions.ingest.IngestRequest(tenant.id(),
				dev.herald.events.SampleEvents.json(dev.herald.events.EventType.ORDER_PLACED, eventId), "api", null));
		Map<String, UUID> byRecipient = new java.util.HashMap<>();
		this.deliveries.findByEventId(tenant.id(), eventId)
			.forEach((delivery) -> byRecipient.put(delivery.recipient(), delivery.id()));
		// Only this call's recipients (the tenant's other subscriptions fan out too), in their order.
		return recipients.stream().map(byRecipient::get).toList();
	}

	/** Makes the delivery due since {@code ago}, as if it had waited that long for a message that never came. */
	public void dueSince(UUID deliveryId, java.time.Duration ago) {
		this.jdbc.sql("update deliveries set next_attempt_at = now() - make_interval(secs => :s) where id = :id")
			.param("s", ago.toSeconds())
			.param("id", deliveryId)
			.update();
	}

	/** Puts the delivery in {@code sending} under a lease ending {@code fromNow} from now (negative: ran out). */
	public void leased(UUID deliveryId, java.time.Duration fromNow) {
		this.jdbc.sql("""
				update deliveries set state = 'sending', attempts = attempts + 1, claim_token = gen_random_uuid(),
				                      lease_until = now() + make_interval(secs => :s)
				where id = :id
				""")
			.param("s", fromNow.toSeconds())
			.param("id", deliveryId)
			.update();
	}

	/** Settles the delivery in {@code state} (delivered, dead_lettered, skipped). */
	public void settle(UUID deliveryId, String state) {
		this.jdbc.sql("update deliveries set state = :state, claim_token = null, lease_until = null where id = :id")
			.param("state", state)
			.param("id", deliveryId)
			.update();
	}

	public String stateOf(UUID deliveryId) {
		return this.jdbc.sql("select state from deliveries where id = :id").param("id", deliveryId).query(String.class).single();
	}

}
