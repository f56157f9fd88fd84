package dev.herald.functions.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.db.status.ProviderStatus;
import dev.herald.db.suppression.SuppressionRepository;

/**
 * One provider status event, read from its wire format.
 *
 * @param provider the provider id deliveries record, e.g. {@code ses}
 * @param key the same for the same event delivered twice
 * @param messageId the provider's message id, as recorded on the delivery when the provider accepted it
 * @param deliveryId Herald's delivery id when the event carries it (an SES message tag), else {@code null}
 * @param suppress the addresses to suppress, with {@code suppressReason}
 */
record StatusEvent(String provider, String key, String messageId, UUID deliveryId, ProviderStatus status,
		Instant occurredAt, String recipient, String detail, List<String> suppress,
		SuppressionRepository.Reason suppressReason) {

	StatusEvent {
		suppress = (suppress != null) ? List.copyOf(suppress) : List.of();
	}

}
