package dev.herald.db.delivery;

import java.util.Arrays;

/** Where a delivery is in its life. */
public enum DeliveryState {

	/** Created, waiting for its first attempt. */
	PENDING("pending"),
	/** Claimed by a worker, leased until the lease runs out. */
	SENDING("sending"),
	/** A transient failure; the next attempt is scheduled. */
	RETRYING("retrying"),
	/**
	 * The provider accepted it: sending is done. Whether it reached the recipient is the delivery's outcome, which
	 * the provider's status events set later (see {@code dev.herald.db.status.ProviderStatus}).
	 */
	DELIVERED("delivered"),
	/** Given up on, with the reason; can be replayed. */
	DEAD_LETTERED("dead_lettered"),
	/** Never sent, with the reason (e.g. the customer has no address on that channel, or it is suppressed). */
	SKIPPED("skipped");

	private final String id;

	DeliveryState(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	public boolean isFinal() {
		return this == DELIVERED || this == DEAD_LETTERED || this == SKIPPED;
	}

	public static DeliveryState fromId(String id) {
		return Arrays.stream(values())
			.filter((state) -> state.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown delivery state " + id));
	}

}
