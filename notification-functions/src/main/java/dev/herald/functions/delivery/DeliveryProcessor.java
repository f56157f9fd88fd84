package dev.herald.functions.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;

import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;
import dev.herald.channels.routing.ProviderRouter;
import dev.herald.channels.sms.SmsPolicy;
import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.delivery.DeliveryRepository.Completion;
import dev.herald.db.delivery.DeliveryRepository.ProviderCall;
import dev.herald.db.device.DeviceRepository;
import dev.herald.db.device.DeviceRepository.Device;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.event.EventRepository;
import dev.herald.db.event.EventRepository.StoredEvent;
import dev.herald.db.suppression.SuppressionRepository.Suppression;
import dev.herald.db.template.TemplateRepository;
import dev.herald.db.template.TemplateRepository.TemplateContent;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.CloudEvent;
import dev.herald.events.EventType;
import dev.herald.functions.delivery.routing.TenantChannels;
import dev.herald.functions.rendering.Escaping;
import dev.herald.functions.rendering.RenderOutcome;
import dev.herald.functions.rendering.TemplateModel;
import dev.herald.functions.rendering.TemplateRenderer;
import dev.herald.functions.status.ProviderStatusManagement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders and sends a batch of claimed deliveries concurrently (one virtual thread each, bounded per channel), and
 * records every attempt: delivered, retry with backoff, or dead-lettered with the reason. One delivery's failure,
 * whatever it is, never stops the others.
 */
public class DeliveryProcessor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryProcessor.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TenantRepository tenants;

	private final EventRepository events;

	private final TemplateRepository templates;

	private final DeliveryRepository deliveries;

	private final TemplateRenderer renderer;

	private final TenantChannels channels;

	private final DeviceRepository devices;

	private final DeliveryQueue queue;

	private final ProviderStatusManagement providerStatus;

	private final Map<String, Semaphore> channelPermits;

	private final Backoff backoff;

	private final MeterRegistry meters;

	private final Clock clock;

	private volatile RandomGenerator random = RandomGenerator.getDefault();

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	public DeliveryProcessor(TenantRepository tenants, EventRepository events, TemplateRepository templates,
			DeliveryRepository deliveries, DeviceRepository devices, TemplateRenderer renderer, TenantChannels channels,
			DeliveryQueue queue, ProviderStatusManagement providerStatus, Map<String, Integer> concurrencyPerChannel,
			Backoff backoff, MeterRegistry meters, Clock clock) {
		this.tenants = tenants;
		this.events = events;
		this.templates = templates;
		this.deliveries = deliveries;
		this.renderer = renderer;
		this.devices = devices;
		this.channels = channels;
		this.queue = queue;
		this.providerStatus = providerStatus;
		this.channelPermits = new HashMap<>();
		for (ChannelType type : ChannelType.values()) {
			this.channelPermits.put(type.id(), new Semaphore(concurrencyPerChannel.getOrDefault(type.id(), 16)));
		}
		this.backoff = backoff;
		this.meters = meters;
		this.clock = clock;
	}

	public DeliveryBatchReport process(List<ClaimedDelivery> batch) {
		if (batch.isEmpty()) {
			return DeliveryBatchReport.EMPTY;
		}
		int delivered = 0;
		int retrying = 0;
		int deadLettered = 0;
		int leaseLost = 0;
		int throttled = 0;
		int skipped = 0;
		for (DeliveryOutcome outcome : processEach(batch).values()) {
			switch (outcome) {
				case DELIVERED -> delivered++;
				case SKIPPED -> skipped++;
				case RETRYING -> retrying++;
				case DEAD_LETTERED -> deadLettered++;
				// Not recorded: the lease will run out and the delivery will be claimed again.
				case LEASE_LOST, FAILED -> leaseLost++;
				case THROTTLED -> throttled++;
			}
		}
		return new DeliveryBatchReport(batch.size(), delivered, retrying, deadLettered, leaseLost, throttled, skipped);
	}

	/**
	 * Processes the batch and tells what became of each delivery, for callers that answer per delivery (an SQS
	 * batch reports only the messages that failed).
	 * @return each delivery's outcome by delivery id, in the batch's order
	 * @throws RuntimeException when the batch's tenants and events cannot be read (e.g. database away): nothing was
	 * sent
	 */
	public Map<UUID, DeliveryOutcome> processEach(List<ClaimedDelivery> batch) {
		Map<UUID, DeliveryOutcome> outcomes = new LinkedHashMap<>();
		if (batch.isEmpty()) {
			return outcomes;
		}
		BatchContext context = load(batch);
		Map<UUID, Future<DeliveryOutcome>> futures = new LinkedHashMap<>();
		for (ClaimedDelivery delivery : batch) {
			futures.put(delivery.id(), this.executor.submit(() -> processOne(delivery, context)));
		}
		futures.forEach((id, future) -> {
			try {
				outcomes.put(id, future.get());
			}
			catch (Exception ex) {
				// processOne records its own failures; reaching here means recording or rescheduling failed (e.g.
				// database or queue away).
				logger.warn("Could not record or reschedule the outcome of delivery {}", id, ex);
				outcomes.put(id, DeliveryOutcome.FAILED);
			}
		});
		return outcomes;
	}

	private BatchContext load(List<ClaimedDelivery> batch) {
		Map<TenantId, Set<UUID>> eventsByTenant = new LinkedHashMap<>();
		for (ClaimedDelivery delivery : batch) {
			eventsByTenant.computeIfAbsent(delivery.claim().tenantId(), (t) -> new LinkedHashSet<>())
				.add(delivery.eventRef());
		}
		Map<TenantId, Tenant> tenants = new HashMap<>();
		Map<UUID, StoredEvent> events = new HashMap<>();
		eventsByTenant.forEach((tenant, ids) -> {
			this.tenants.find(tenant).ifPresent((found) -> tenants.put(tenant, found));
			events.putAll(this.events.findAll(tenant, ids));
		});
		return new BatchContext(tenants, events);
	}

	private DeliveryOutcome processOne(ClaimedDelivery delivery, BatchContext context) {
		Instant started = this.clock.instant();
		Tenant tenant = context.tenants().get(delivery.claim().tenantId());
		StoredEvent event = context.events().get(delivery.eventRef());
		if (tenant == null || event == null) {
			return deadLetter(delivery, started, "render_failed", null, "the event or tenant of this delivery no longer exists");
		}
		// Checked again at send time: a bounce or complaint may have come in since the event was fanned out.
		Optional<Suppression> suppression = this.providerStatus.suppression(tenant.id(), delivery.channel(),
				delivery.recipient());
		if (suppression.isPresent()) {
			return complete(delivery, new Completion(DeliveryState.SKIPPED, "suppressed", null,
					suppression.get().describe(), null, null, started, this.clock.instant(), latency(started)),
					DeliveryOutcome.SKIPPED);
		}
		List<String> locales = localeCandidates(delivery.recipientLocale(), tenant.defaultLocale());
		Optional<TemplateContent> template = this.templates.findPublished(tenant.id(), delivery.templateKey(),
				delivery.channel(), locales);
		if (template.isEmpty()) {
			return deadLetter(delivery, started, "render_failed", null, "no published template '"
					+ delivery.templateKey() + "' for channel " + delivery.channel() + " in locales " + locales);
		}
		Rendered rendered;
		try {
			rendered = render(template.get(), model(tenant, event, delivery));
		}
		catch (RenderFailure failure) {
			return deadLetter(delivery, started, "render_failed", null, failure.getMessage());
		}
		ChannelType type = ChannelType.fromId(delivery.channel()).orElseThrow();
		if (type == ChannelType.SMS) {
			// Never let a long text become a dozen silently billed parts: the tenant decides, refuse or cut.
			SmsPolicy policy = new SmsPolicy(tenant.smsMaxSegments(),
					"truncate".equals(tenant.smsOverflow()) ? SmsPolicy.Overflow.TRUNCATE : SmsPolicy.Overflow.REFUSE);
			switch (policy.apply(rendered.text())) {
				case SmsPolicy.Result.Fits fits -> {
				}
				case SmsPolicy.Result.Truncated truncated -> rendered = rendered.withText(truncated.text());
				case SmsPolicy.Result.Refused(String reason) -> {
					return deadLetter(delivery, started, "rejected", null, "the SMS is too long: " + reason);
				}
			}
		}
		String to = delivery.recipient();
		PushTarget target = null;
		if (type == ChannelType.PUSH) {
			Optional<Device> device = device(tenant, delivery.recipient());
			if (device.isEmpty()) {
				return deadLetter(delivery, started, "rejected", null,
						"the device was unregistered before the notification could be sent");
			}
			target = new PushTarget(device.get().platform(), device.get().token(), device.get().keys());
			to = device.get().token();
		}
		Map<String, String> data = (rendered.actionUrl() != null && !rendered.actionUrl().isBlank())
				? Map.of("url", rendered.actionUrl().strip()) : Map.of();
		OutboundMessage message = new OutboundMessage(delivery.id(), tenant.id().value(), type, to,
				delivery.recipientName(), rendered.subject(), rendered.html(), rendered.text(), data, target);
		ProviderRouter.Routed routed = send(this.channels.router(tenant.id(), type), message);
		boolean forgotten = false;
		if (routed.result() instanceof DeliveryResult.Rejected rejected
				&& rejected.cause() == DeliveryResult.Cause.ADDRESS_GONE && type == ChannelType.PUSH) {
			// The push service says this device no longer exists: stop sending to it, now and for future events.
			forgotten = this.devices.forget(tenant.id(), UUID.fromString(delivery.recipient()));
		}
		DeliveryOutcome outcome = record(delivery, started, routed);
		try {
			if (routed.result() instanceof DeliveryResult.Rejected rejected
					&& rejected.cause() == DeliveryResult.Cause.OPTED_OUT && type == ChannelType.SMS) {
				// The number's owner replied STOP: every later message to it would be refused (and may be billed).
				this.providerStatus.suppressOptedOut(tenant.id(), delivery.id(), delivery.recipient(),
						rejected.provider(), rejected.reason());
			}
			if (type == ChannelType.PUSH
					&& (outcome == DeliveryOutcome.DELIVERED || outcome == DeliveryOutcome.DEAD_LETTERED)) {
				// A push service's answer is all it ever says about a notification: it goes in the status history.
				this.providerStatus.recordPushAnswer(tenant.id(), delivery.id(), delivery.claim().attempt(),
						routed.result(), forgotten);
			}
		}
		catch (RuntimeException ex) {
			// The delivery's outcome is recorded; failing it now would only have it sent again.
			logger.warn("Could not record the provider's answer to delivery {} in its status history", delivery.id(),
					ex);
		}
		return outcome;
	}

	private Optional<Device> device(Tenant tenant, String deviceId) {
		try {
			return this.devices.find(tenant.id(), UUID.fromString(deviceId));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private ProviderRouter.Routed send(ProviderRouter router, OutboundMessage message) {
		String channel = router.channel().id();
		Semaphore permits = this.channelPermits.get(channel);
		Timer.Sample sample = Timer.start(this.meters);
		try {
			permits.acquire();
			try {
				return router.send(message);
			}
			finally {
				permits.release();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new ProviderRouter.Routed(
					new DeliveryResult.RetryLater("none", "interrupted while waiting to send", null), List.of());
		}
		catch (RuntimeException ex) {
			// Channels answer with results, but a bug in one must not lose the delivery.
			return new ProviderRouter.Routed(new DeliveryResult.RetryLater("none",
					"provider error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage(), null), List.of());
		}
		finally {
			sample.stop(this.meters.timer("herald.deliveries.send", "channel", channel));
		}
	}

	private DeliveryOutcome record(ClaimedDelivery delivery, Instant started, ProviderRouter.Routed routed) {
		List<ProviderCall> calls = new ArrayList<>();
		for (ProviderRouter.Call call : routed.calls()) {
			String outcome = outcome(call.result());
			this.meters.counter("herald.deliveries.attempts", "channel", delivery.channel(), "provider",
					call.provider(), "outcome", outcome).increment();
			calls.add(new ProviderCall(call.provider(), outcome, (int) Math.min(Integer.MAX_VALUE, call.latencyMillis()),
					switch (call.result()) {
						case DeliveryResult.Delivered d -> null;
						case DeliveryResult.RetryLater r -> r.reason();
						case DeliveryResult.Rejected r -> r.reason();
						case DeliveryResult.Throttled t -> "sending rate used up";
					}));
		}
		DeliveryResult result = routed.result();
		return switch (result) {
			case DeliveryResult.Delivered(String provider, String messageId) -> complete(delivery,
					new Completion(DeliveryState.DELIVERED, "delivered", null, null, provider, messageId, started,
							this.clock.instant(), latency(started), calls),
					DeliveryOutcome.DELIVERED);
			case DeliveryResult.Rejected(String provider, String reason, DeliveryResult.Cause cause) ->
				deadLetter(delivery, started, "rejected", provider, reason, calls);
			case DeliveryResult.Throttled(String provider, Duration retryAfter) -> {
				// Not an attempt: the delivery waits for the provider's rate to allow it.
				Instant notBefore = this.clock.instant().plus(retryAfter);
				if (!this.deliveries.release(delivery.claim(), notBefore, "waiting for " + provider + "'s sending rate")) {
					yield DeliveryOutcome.LEASE_LOST;
				}
				this.queue.schedule(delivery.claim().tenantId(), delivery.id(), notBefore);
				yield DeliveryOutcome.THROTTLED;
			}
			case DeliveryResult.RetryLater(String provider, String reason, Duration retryAfter) -> {
				if (delivery.claim().attempt() >= delivery.maxAttempts()) {
					yield deadLetter(delivery, started, "retry_later", provider,
							"gave up after " + delivery.claim().attempt() + " attempts: " + reason, calls);
				}
				Instant next = this.clock.instant()
					.plus(backoffDelay(delivery.claim().attempt(), retryAfter));
				DeliveryOutcome outcome = complete(delivery, new Completion(DeliveryState.RETRYING, "retry_later", next,
						reason, provider, null, started, this.clock.instant(), latency(started), calls),
						DeliveryOutcome.RETRYING);
				if (outcome == DeliveryOutcome.RETRYING) {
					this.queue.schedule(delivery.claim().tenantId(), delivery.id(), next);
				}
				yield outcome;
			}
		};
	}

	private static String outcome(DeliveryResult result) {
		return switch (result) {
			case DeliveryResult.Delivered d -> "delivered";
			case DeliveryResult.RetryLater r -> "retry_later";
			case DeliveryResult.Rejected r -> "rejected";
			case DeliveryResult.Throttled t -> "throttled";
		};
	}

	private DeliveryOutcome deadLetter(ClaimedDelivery delivery, Instant started, String outcome, String provider,
			String reason) {
		return deadLetter(delivery, started, outcome, provider, reason, List.of());
	}

	private DeliveryOutcome deadLetter(ClaimedDelivery delivery, Instant started, String outcome, String provider,
			String reason, List<ProviderCall> calls) {
		logger.info("Dead-lettering delivery {} after attempt {}: {}", delivery.id(), delivery.claim().attempt(),
				reason);
		return complete(delivery, new Completion(DeliveryState.DEAD_LETTERED, outcome, null, reason, provider, null,
				started, this.clock.instant(), latency(started), calls), DeliveryOutcome.DEAD_LETTERED);
	}

	private DeliveryOutcome complete(ClaimedDelivery delivery, Completion completion, DeliveryOutcome outcome) {
		if (!this.deliveries.complete(delivery.claim(), completion)) {
			logger.warn("Lease on delivery {} was lost before its outcome ({}) could be recorded", delivery.id(),
					completion.outcome());
			return DeliveryOutcome.LEASE_LOST;
		}
		this.meters.counter("herald.deliveries.completed", "channel", delivery.channel(), "state",
				completion.state().id()).increment();
		String status = switch (completion.state()) {
			case DELIVERED -> "sent";
			case DEAD_LETTERED -> "dead_lettered";
			case SKIPPED -> "skipped";
			default -> null;
		};
		if (status != null) {
			try {
				this.providerStatus.deliverySettled(delivery.claim().tenantId(), delivery.id(), status,
						completion.provider(), completion.error());
			}
			catch (RuntimeException ex) {
				// The delivery's own outcome is recorded; its webhooks are told only if this works, so say so loudly.
				logger.warn("Delivery {} is {} but its webhook messages could not be written", delivery.id(), status,
						ex);
			}
		}
		return outcome;
	}

	private int latency(Instant started) {
		return (int) Math.min(Integer.MAX_VALUE, Duration.between(started, this.clock.instant()).toMillis());
	}

	private Rendered render(TemplateContent template, Map<String, Object> model) {
		String subject = (template.subject() != null) ? renderPart(template, "subject", template.subject(), model, Escaping.NONE) : null;
		String html = (template.bodyHtml() != null) ? renderPart(template, "HTML body", template.bodyHtml(), model, Escaping.HTML) : null;
		String text = renderPart(template, "text body", template.bodyText(), model, Escaping.NONE);
		String actionUrl = (template.actionUrl() != null)
				? renderPart(template, "action URL", template.actionUrl(), model, Escaping.NONE) : null;
		return new Rendered((subject != null) ? subject.strip() : null, html, text, actionUrl);
	}

	private String renderPart(TemplateContent template, String part, String source, Map<String, Object> model,
			Escaping escaping) {
		return switch (this.renderer.render(source, model, escaping)) {
			case RenderOutcome.Rendered(String text) -> text;
			case RenderOutcome.Failed(String reason, int line, int column) -> throw new RenderFailure("template '"
					+ template.templateKey() + "' (" + template.channel() + ", " + template.locale() + ", version "
					+ template.version() + ") failed to render its " + part
					+ ((line > 0) ? " at line " + line + ", column " + column : "") + ": " + reason);
		};
	}

	private static Map<String, Object> model(Tenant tenant, StoredEvent event, ClaimedDelivery delivery) {
		JsonNode payload = JSON.readTree(event.payloadJson());
		// The stored payload was validated at ingestion; the model reads the customer from its data.
		CloudEvent cloudEvent = new CloudEvent(CloudEvent.SPECVERSION, event.eventId(), event.source(),
				EventType.fromWireName(event.eventType()).orElse(null), event.occurredAt(), event.subject(),
				CloudEvent.DATACONTENTTYPE, payload.get("data"), null);
		return TemplateModel.of(cloudEvent, new TemplateModel.Recipient(delivery.recipientName(),
				delivery.recipient(), delivery.recipientLocale()), tenant.name());
	}

	/** Recipient locale, its language, then the tenant's default and its language: ko-KR, ko, en-US, en. */
	static List<String> localeCandidates(String recipientLocale, String tenantDefault) {
		Set<String> candidates = new LinkedHashSet<>();
		for (String tag : new String[] { recipientLocale, tenantDefault }) {
			if (tag == null || tag.isBlank()) {
				continue;
			}
			Locale locale = Locale.forLanguageTag(tag.strip().replace('_', '-'));
			if (!locale.getLanguage().isEmpty()) {
				candidates.add(locale.toLanguageTag());
				candidates.add(locale.getLanguage());
			}
		}
		return List.copyOf(candidates);
	}

	/** The generator is not thread-safe and deliveries complete on many virtual threads at once. */
	private synchronized Duration backoffDelay(int attempt, Duration retryAfter) {
		return this.backoff.delay(attempt, retryAfter, this.random);
	}

	/**
	 * Draws the retry jitter from a freshly seeded generator: after a SnapStart restore every clone of the snapshot
	 * would otherwise draw the same delays, retrying in lockstep, the very thing jitter is for avoiding.
	 */
	public synchronized void reseed() {
		this.random = java.util.random.RandomGeneratorFactory.of("L32X64MixRandom")
			.create(new java.security.SecureRandom().nextLong());
	}

	@Override
	public void close() {
		this.executor.close();
	}

	private record BatchContext(Map<TenantId, Tenant> tenants, Map<UUID, StoredEvent> events) {
	}

	private record Rendered(String subject, String html, String text, String actionUrl) {

		Rendered withText(String text) {
			return new Rendered(this.subject, this.html, text, this.actionUrl);
		}

	}

	private static final class RenderFailure extends RuntimeException {

		RenderFailure(String message) {
			super(message, null, false, false);
		}

	}

}
