package dev.herald.console.api;

import java.time.Instant;
import java.util.List;

import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.status.StatusEventRepository;
import dev.herald.db.status.StatusEventRepository.StatusEvent;
import dev.herald.db.tenant.TenantId;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/events/{eventId}/deliveries}: what became of an event, honestly, per channel and recipient:
 * {@code status} is the one word to read (a provider's last report such as {@code bounced} or {@code clicked}, else
 * {@code sent} once a provider accepted it, else the delivery's state), {@code state} the sending pipeline's state and
 * {@code history} every status the provider reported. Only the calling tenant's events are visible; another tenant's
 * event id answers 404 like an unknown one.
 */
@RestController
class DeliveryStatusController {

	private final DeliveryRepository deliveries;

	private final StatusEventRepository statusEvents;

	DeliveryStatusController(DeliveryRepository deliveries, StatusEventRepository statusEvents) {
		this.deliveries = deliveries;
		this.statusEvents = statusEvents;
	}

	@GetMapping("/api/v1/events/{eventId}/deliveries")
	ResponseEntity<?> deliveries(@PathVariable String eventId) {
		TenantAuthentication auth = (TenantAuthentication) SecurityContextHolder.getContext().getAuthentication();
		List<DeliveryView> found = this.deliveries.findByEventId(auth.tenant(), eventId);
		if (found.isEmpty() && !this.deliveries.eventExists(auth.tenant(), eventId)) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No event with id " + eventId));
		}
		TenantId tenant = auth.tenant();
		return ResponseEntity.ok(new EventDeliveries(eventId,
				found.stream().map((d) -> Status.of(d, this.statusEvents.history(tenant, d.id()))).toList()));
	}

	record EventDeliveries(String eventId, List<Status> deliveries) {
	}

	/** {@code deliveredAt} is when the provider accepted it; {@code outcomeAt} when its outcome happened. */
	record Status(String id, String channel, String recipient, String template, String status, String state,
			int attempts, int maxAttempts, Instant nextAttemptAt, String lastError, String provider,
			String providerMessageId, Instant createdAt, Instant deliveredAt, String outcome, Instant outcomeAt,
			List<HistoryEntry> history) {

		static Status of(DeliveryView d, List<StatusEvent> history) {
			return new Status(d.id().toString(), d.channel(), d.recipient(), d.templateKey(), d.status(),
					d.state().id(), d.attempts(), d.maxAttempts(), d.state().isFinal() ? null : d.nextAttemptAt(),
					d.lastError(), d.provider(), d.providerMessageId(), d.createdAt(), d.deliveredAt(),
					(d.outcome() != null) ? d.outcome().id() : null, d.outcomeAt(),
					history.stream().map(HistoryEntry::of).toList());
		}

	}

	/** One status the provider reported. */
	record HistoryEntry(String status, Instant at, String provider, String detail) {

		static HistoryEntry of(StatusEvent event) {
			return new HistoryEntry(event.status().id(), event.occurredAt(), event.provider(), event.detail());
		}

	}

}
