package dev.herald.functions.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.tenant.TenantId;

/**
 * How deliveries travel from ingestion to the workers that send them. The delivery rows stay the record of truth;
 * a queue only decides who works on which delivery when, so every consumer must tolerate seeing one twice.
 */
public interface DeliveryQueue {

	/** Makes newly committed deliveries available to workers. */
	void publish(List<NewDelivery> deliveries);

	/**
	 * Claims up to {@code max} due deliveries for the caller, leased so that a worker dying mid-send cannot lose them:
	 * when the lease runs out, another worker claims them again.
	 */
	List<ClaimedDelivery> claim(int max);

	/**
	 * Brings a delivery that was given back to wait (a retry after backoff, a provider's sending rate) to the workers
	 * again once {@code notBefore} has come. Called after its row was committed with that time.
	 */
	void schedule(TenantId tenant, UUID deliveryId, Instant notBefore);

}
