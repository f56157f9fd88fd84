package dev.herald.console.api;

import java.time.Instant;
import java.util.List;

import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/events/{eventId}/deliveries}: what became of an event, honestly, per channel and recipient.
 * Only the calling tenant's events are visible; another tenant's event id answers 404 like an unknown one.
 */
@RestController
class DeliveryStatusController {

	private final DeliveryRepository deliveries;

	DeliveryStatusController(DeliveryRepository deliveries) {
		this.deliveries = deliveries;
	}

	@GetMapping("/api/v1/events/{eventId}/deliveries")
	ResponseEntity<?> deliveries(@PathVariable String eventId) {
		TenantAuthentication auth = (TenantAuthentication) SecurityContextHolder.getContext().getAuthentication();
		List<DeliveryView> found = this.deliveries.findByEventId(auth.tenant(), eventId);
		if (found.isEmpty() && !this.deliveries.eventExists(auth.tenant(), eventId)) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No event with id " + eventId));
		}
		return ResponseEntity.ok(new EventDeliveries(eventId, found.stream().map(Status::of).toList()));
	}

	record EventDeliveries(String eventId, List<Status> deliveries) {
	}

	record Status(String id, String channel, String recipient, String template, String state, int attempts,
			int maxAttempts, Instant nextAttemptAt, String lastError, String provider, String providerMessageId,
			Instant createdAt, Instant deliveredAt) {

		static Status of(DeliveryView d) {
			return new Status(d.id().toString(), d.channel(), d.recipient(), d.templateKey(), d.state().id(),
					d.attempts(), d.maxAttempts(), d.state().isFinal() ? null : d.nextAttemptAt(), d.lastError(),
					d.provider(), d.providerMessageId(), d.createdAt(), d.deliveredAt());
		}

	}

}
