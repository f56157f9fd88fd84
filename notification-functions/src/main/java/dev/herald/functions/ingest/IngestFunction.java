package dev.herald.functions.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.device.DeviceRepository;
import dev.herald.db.event.EventRepository;
import dev.herald.db.event.EventRepository.NewEvent;
import dev.herald.db.event.RejectedEventRepository;
import dev.herald.db.event.RejectedEventRepository.Reason;
import dev.herald.db.subscription.SubscriptionRepository;
import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.db.webhook.WebhookRepository.StatusChange;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.CloudEvent;
import dev.herald.events.EventValidator;
import dev.herald.events.ValidationResult;
import dev.herald.functions.delivery.DeliveryQueue;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code ingest} function: validates a body, stores the event once per tenant and event id, and creates its
 * deliveries, all in one transaction; then hands the new deliveries to the queue. A repeated event id creates nothing
 * and says so; an invalid body is kept with every problem found.
 */
public class IngestFunction implements Function<IngestRequest, IngestResult> {

	private static final Logger logger = LoggerFactory.getLogger(IngestFunction.class);

	private final EventValidator validator;

	private final TenantRepository tenants;

	private final EventRepository events;

	private final RejectedEventRepository rejectedEvents;

	private final SubscriptionRepository subscriptions;

	private final DeliveryRepository deliveries;

	private final DeviceRepository devices;

	private final SuppressionRepository suppressions;

	private final WebhookRepository webhooks;

	private final DeliveryQueue queue;

	private final TransactionOperations transactions;

	private final MeterRegistry meters;

	public IngestFunction(EventValidator validator, TenantRepository tenants, EventRepository events,
			RejectedEventRepository rejectedEvents, SubscriptionRepository subscriptions,
			DeliveryRepository deliveries, DeviceRepository devices, SuppressionRepository suppressions,
			WebhookRepository webhooks, DeliveryQueue queue, TransactionOperations transactions,
			MeterRegistry meters) {
		this.validator = validator;
		this.tenants = tenants;
		this.events = events;
		this.rejectedEvents = rejectedEvents;
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.devices = devices;
		this.suppressions = suppressions;
		this.webhooks = webhooks;
		this.queue = queue;
		this.transactions = transactions;
		this.meters = meters;
	}

	@Override
	public IngestResult apply(IngestRequest request) {
		IngestResult result = switch (this.validator.validate(request.body())) {
			case ValidationResult.Valid(CloudEvent event) -> store(request, event);
			case ValidationResult.Invalid(var problems) -> {
				UUID id = this.rejectedEvents.save(request.tenant(), request.receivedVia(), request.contentType(),
						request.body(), false,
						problems.stream().map((problem) -> new Reason(problem.path(), problem.message())).toList());
				yield new IngestResult.Rejected(id, problems);
			}
		};
		this.meters.counter("herald.events.ingested", "outcome", outcome(result), "via", request.receivedVia())
			.increment();
		return result;
	}

	private IngestResult store(IngestRequest request, CloudEvent event) {
		Stored stored = this.transactions.execute((status) -> {
			Tenant tenant = this.tenants.find(request.tenant())
				.orElseThrow(() -> new IllegalStateException("Unknown tenant " + request.tenant()));
			Optional<UUID> inserted = this.events.insertIfAbsent(tenant.id(),
					new NewEvent(event.id(), event.type().wireName(), event.source(), event.subject(), event.time(),
							request.receivedVia(), request.body()));
			if (inserted.isEmpty()) {
				UUID existing = this.events.findByEventId(tenant.id(), event.id()).orElseThrow().id();
				// Nothing new; but the first ingestion may have failed to queue its deliveries after its commit (the
				// reason this event is sent again), so those nobody has claimed yet are queued again. Consumers
				// tolerate a delivery queued twice.
				return new Stored(new IngestResult.Duplicate(event.id(), existing),
						this.deliveries.unclaimed(tenant.id(), existing));
			}
			List<NewDelivery> created = FanOut.withoutSuppressed(FanOut.deliveries(tenant, inserted.get(),
					event.customer(), this.subscriptions.findEnabled(tenant.id(), event.type().wireName()),
					(recipient) -> this.devices.list(tenant.id(), recipient)),
					(channel, addresses) -> this.suppressions.findAmong(tenant.id(), channel, addresses));
			this.deliveries.insertAll(created);
			// Deliveries skipped at fan-out (suppressed address, no push device) are settled now: tell the webhooks.
			Instant now = Instant.now();
			for (NewDelivery delivery : created) {
				if (delivery.state() == DeliveryState.SKIPPED) {
					this.webhooks.enqueue(tenant.id(), new StatusChange(delivery.id(), "delivery.skipped", "skipped",
							null, delivery.reason(), now));
				}
			}
			return new Stored(new IngestResult.Accepted(event.id(), inserted.get(), created.size()), created);
		});
		List<NewDelivery> due = stored.deliveries()
			.stream()
			.filter((delivery) -> delivery.state() == DeliveryState.PENDING)
			.toList();
		if (!due.isEmpty()) {
			this.queue.publish(due);
		}
		logger.debug("Ingested event {} of tenant {}: {}", event.id(), request.tenant(), stored.result());
		return stored.result();
	}

	private static String outcome(IngestResult result) {
		return switch (result) {
			case IngestResult.Accepted accepted -> "accepted";
			case IngestResult.Duplicate duplicate -> "duplicate";
			case IngestResult.Rejected rejected -> "rejected";
		};
	}

	private record Stored(IngestResult result, List<NewDelivery> deliveries) {
	}

}
