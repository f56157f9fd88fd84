package dev.herald.functions.delivery;

import java.util.UUID;

import dev.herald.db.delivery.DeliveryRepository.Claim;

/**
 * A delivery a worker holds the lease on.
 *
 * @param claim the worker's claim; its attempt number counts this attempt
 */
public record ClaimedDelivery(Claim claim, UUID eventRef, UUID subscriptionId, String channel, String recipient,
		String recipientName, String recipientLocale, String templateKey, int maxAttempts) {

	public UUID id() {
		return this.claim.deliveryId();
	}

}
