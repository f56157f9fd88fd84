package dev.herald.functions.delivery;

/**
 * What one run of {@code deliver} did.
 *
 * @param claimed deliveries claimed from the queue
 * @param leaseLost outcomes not recorded because another worker had taken the delivery over
 * @param throttled deliveries put back to wait for a provider's sending rate, not counted as attempts
 * @param skipped deliveries not sent because their address was found suppressed at send time
 */
public record DeliveryBatchReport(int claimed, int delivered, int retrying, int deadLettered, int leaseLost,
		int throttled, int skipped) {

	public static final DeliveryBatchReport EMPTY = new DeliveryBatchReport(0, 0, 0, 0, 0, 0, 0);

}
