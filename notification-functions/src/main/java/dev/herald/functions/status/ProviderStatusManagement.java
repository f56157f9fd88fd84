package dev.herald.functions.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.herald.channels.DeliveryResult;
import dev.herald.db.status.ProviderStatus;
import dev.herald.db.status.StatusEventRepository;
import dev.herald.db.status.StatusEventRepository.MatchedDelivery;
import dev.herald.db.status.StatusEventRepository.NewStatusEvent;
import dev.herald.db.status.StatusEventRepository.Recorded;
import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.suppression.SuppressionRepository.NewSuppression;
import dev.herald.db.suppression.SuppressionRepository.Suppression;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.db.webhook.WebhookRepository.StatusChange;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionOperations;

/**
 * Applies what providers report about deliveries after accepting them: each report is kept once in the delivery's
 * status history, may become its outcome, and hard bounces, complaints and opted-out or unreachable numbers put the
 * address on the tenant's suppression list. Callers have authenticated the report's source and know its tenant:
 * SES events come through SNS ({@code POST /sns/{tenant}} routes a configuration set's notifications to
 * {@link #applySes}) or the API, Twilio's callbacks through their signed webhook.
 */
public class ProviderStatusManagement {

	private static final Logger logger = LoggerFactory.getLogger(ProviderStatusManagement.class);

	private static final JsonMapper SES_PROBE = JsonMapper.builder().build();

	/** Unmatched events keep their payload for an operator; bounded, since it comes from outside. */
	private static final int MAX_PAYLOAD = 64 * 1024;

	private final StatusEventRepository statusEvents;

	private final SuppressionRepository suppressions;

	private final WebhookRepository webhooks;

	private final TransactionOperations transactions;

	private final MeterRegistry meters;

	private final Clock clock;

	public ProviderStatusManagement(StatusEventRepository statusEvents, SuppressionRepository suppressions,
			WebhookRepository webhooks, TransactionOperations transactions, MeterRegistry meters, Clock clock) {
		this.statusEvents = statusEvents;
		this.suppressions = suppressions;
		this.webhooks = webhooks;
		this.transactions = transactions;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Applies one SES event publishing record: the JSON SES puts in the {@code Message} of its SNS notification. The
	 * message is matched to the delivery whose provider message id is {@code mail.messageId} (SES's MessageId, which
	 * the SES channel records), else to the delivery named by the {@code herald-delivery-id} tag.
	 * @return what was done; only {@link StatusReport.Invalid} means the payload was not an SES event
	 */
	public StatusReport applySes(TenantId tenant, String json) {
		return apply(tenant, SesEvents.read(json), json);
	}

	/**
	 * Whether an SNS notification's message is an SES event publishing record rather than a CloudEvent: a JSON object
	 * with a {@code mail} object and an {@code eventType} (or the older {@code notificationType}). Cheap and never
	 * throwing, so an SNS endpoint can route each message before applying or ingesting it.
	 */
	public static boolean isSesEvent(String json) {
		if (json == null || json.length() > 1_000_000) {
			return false;
		}
		try {
			JsonNode node = SES_PROBE.readTree(json);
			return node != null && node.isObject() && node.path("mail").isObject()
					&& (node.path("eventType").isString() || node.path("notificationType").isString());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Applies one Twilio status callback whose signature the caller verified.
	 * @param form the callback's form parameters
	 */
	public StatusReport applyTwilio(TenantId tenant, Map<String, String> form) {
		return apply(tenant, TwilioStatus.read(form, this.clock.instant()), String.valueOf(form));
	}

	/**
	 * Records a push service's answer at send time in the delivery's history, so its timeline is as complete as an
	 * email's: accepted ({@code sent}) or refused for good ({@code failed}, e.g. the device is gone). Transient
	 * failures are attempts, not statuses.
	 */
	public void recordPushAnswer(TenantId tenant, UUID deliveryId, int attempt, DeliveryResult result,
			boolean deviceForgotten) {
		ProviderStatus status;
		String detail;
		String messageId = null;
		switch (result) {
			case DeliveryResult.Delivered delivered -> {
				status = ProviderStatus.SENT;
				detail = "accepted by " + delivered.provider();
				messageId = delivered.providerMessageId();
			}
			case DeliveryResult.Rejected rejected -> {
				status = ProviderStatus.FAILED;
				detail = rejected.cause().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
						+ rejected.reason() + (deviceForgotten ? "; the device was forgotten" : "");
			}
			default -> {
				return;
			}
		}
		Instant now = this.clock.instant();
		Recorded recorded = this.statusEvents.record(tenant, new NewStatusEvent(deliveryId, result.provider(),
				"send:" + deliveryId + ":" + attempt, messageId, status, now, null, SesEvents.clean(detail), null,
				null));
		count(result.provider(), status, true, recorded);
		if (recorded != Recorded.DUPLICATE) {
			tellWebhooks(tenant, deliveryId, status.id(), result.provider(), SesEvents.clean(detail), now);
		}
	}

	/**
	 * Tells the tenant's webhook endpoints that the sending pipeline settled a delivery: {@code sent} (a provider
	 * accepted it), {@code dead_lettered} or {@code skipped}. Written right after the delivery's state; a message is
	 * made once per endpoint, delivery and type, so a repeat is harmless.
	 */
	public void deliverySettled(TenantId tenant, UUID deliveryId, String status, String provider, String reason) {
		tellWebhooks(tenant, deliveryId, status, provider, reason, this.clock.instant());
	}

	/** The suppression that keeps a delivery to this address from being sent, if any. */
	public Optional<Suppression> suppression(TenantId tenant, String channel, String address) {
		if (!channel.equals("email") && !channel.equals("sms")) {
			return Optional.empty();
		}
		return this.suppressions.find(tenant, channel, address);
	}

	/** Suppresses a number the SMS provider refused at send time because its owner opted out. */
	public void suppressOptedOut(TenantId tenant, UUID deliveryId, String address, String provider, String detail) {
		if (this.suppressions.add(tenant, new NewSuppression("sms", address, SuppressionRepository.Reason.OPTED_OUT,
				provider, SesEvents.clean(detail), deliveryId))) {
			logger.info("Suppressed an SMS number of tenant {} that opted out (delivery {})", tenant, deliveryId);
		}
	}

	private StatusReport apply(TenantId tenant, Reading reading, String payload) {
		return switch (reading) {
			case Reading.NotAnEvent(StatusReport report) -> {
				logger.info("Status event for tenant {} not applied: {}", tenant, report);
				yield report;
			}
			case Reading.Event(StatusEvent event) -> this.transactions.execute((tx) -> apply(tenant, event, payload));
		};
	}

	private StatusReport apply(TenantId tenant, StatusEvent event, String payload) {
		Optional<MatchedDelivery> match = this.statusEvents.findByProviderMessageId(tenant, event.provider(),
				event.messageId());
		if (match.isEmpty() && event.deliveryId() != null) {
			match = this.statusEvents.findDelivery(tenant, event.deliveryId());
		}
		if (match.isEmpty()) {
			String reason = "no delivery of this tenant was sent through " + event.provider() + " as message "
					+ SesEvents.clean(event.messageId());
			Recorded recorded = this.statusEvents.record(tenant, new NewStatusEvent(null, event.provider(),
					event.key(), event.messageId(), event.status(), event.occurredAt(), event.recipient(),
					event.detail(), reason, bounded(payload)));
			count(event.provider(), event.status(), false, recorded);
			logger.info("Unmatched {} status event for tenant {}: {}", event.provider(), tenant, reason);
			return new StatusReport.Unmatched(reason);
		}
		MatchedDelivery delivery = match.get();
		Recorded recorded = this.statusEvents.record(tenant, new NewStatusEvent(delivery.id(), event.provider(),
				event.key(), event.messageId(), event.status(), event.occurredAt(), event.recipient(), event.detail(),
				null, null));
		count(event.provider(), event.status(), true, recorded);
		if (recorded == Recorded.DUPLICATE) {
			return new StatusReport.Duplicate(delivery.id());
		}
		// In the status change's transaction: the endpoints hear of every status the history keeps, and only of those.
		tellWebhooks(tenant, delivery.id(), event.status().id(), event.provider(), event.detail(), event.occurredAt());
		List<String> suppressed = new ArrayList<>();
		if (event.suppressReason() != null && (delivery.channel().equals("email") || delivery.channel().equals("sms"))) {
			List<String> addresses = event.suppress().isEmpty() ? List.of(delivery.recipient()) : event.suppress();
			for (String address : addresses) {
				if (this.suppressions.add(tenant, new NewSuppression(delivery.channel(), address,
						event.suppressReason(), event.provider(), event.detail(), delivery.id()))) {
					suppressed.add(address);
				}
			}
		}
		return new StatusReport.Applied(delivery.id(), event.status(), recorded == Recorded.OUTCOME_CHANGED,
				List.copyOf(suppressed));
	}

	private void tellWebhooks(TenantId tenant, UUID deliveryId, String status, String provider, String reason,
			Instant at) {
		int messages = this.webhooks.enqueue(tenant,
				new StatusChange(deliveryId, "delivery." + status, status, provider, reason, at));
		if (messages > 0) {
			this.meters.counter("herald.webhooks.enqueued", "type", "delivery." + status).increment(messages);
		}
	}

	private void count(String provider, ProviderStatus status, boolean matched, Recorded recorded) {
		if (recorded != Recorded.DUPLICATE) {
			this.meters.counter("herald.deliveries.status", "provider", provider, "outcome", status.id(), "matched",
					String.valueOf(matched)).increment();
		}
	}

	private static String bounded(String payload) {
		return (payload == null || payload.length() <= MAX_PAYLOAD) ? payload : payload.substring(0, MAX_PAYLOAD);
	}

}
