package dev.herald.functions.delivery;

/** What processing one claimed delivery came to. */
public enum DeliveryOutcome {

	/** A provider accepted it. */
	DELIVERED,

	/** It failed for now and was scheduled to be tried again after its backoff. */
	RETRYING,

	/** Not sent: its address was suppressed (a bounce or complaint) after it was created; kept with the reason. */
	SKIPPED,

	/** It failed for good (or used up its attempts) and was kept with the reason. */
	DEAD_LETTERED,

	/** Another worker took it over after this one's lease ran out; nothing was recorded. */
	LEASE_LOST,

	/** A provider's sending rate was used up: given back to wait, not counted as an attempt. */
	THROTTLED,

	/**
	 * Its outcome could not be recorded or rescheduled (database or queue away): the delivery is still leased, so it
	 * is claimed again when the lease runs out, or when its message comes back.
	 */
	FAILED

}
