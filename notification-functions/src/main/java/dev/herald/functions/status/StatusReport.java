package dev.herald.functions.status;

import java.util.List;
import java.util.UUID;

import dev.herald.db.status.ProviderStatus;

/** What applying one provider status event did. */
public sealed interface StatusReport {

	/**
	 * Recorded in the delivery's history.
	 * @param outcomeChanged whether it became the delivery's outcome (it ranked above the outcome before)
	 * @param suppressed the addresses it added to the tenant's suppression list
	 */
	record Applied(UUID deliveryId, ProviderStatus status, boolean outcomeChanged,
			List<String> suppressed) implements StatusReport {
	}

	/** The same event was applied before; nothing changed. */
	record Duplicate(UUID deliveryId) implements StatusReport {
	}

	/** No delivery of the tenant matched: the event is kept with the reason, for an operator to look into. */
	record Unmatched(String reason) implements StatusReport {
	}

	/** A well-formed event Herald has no use for (e.g. an SES {@code Subscription} event); nothing recorded. */
	record Ignored(String reason) implements StatusReport {
	}

	/** Not an event of the expected format; nothing recorded. */
	record Invalid(String reason) implements StatusReport {
	}

}
