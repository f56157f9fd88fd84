package dev.herald.db.status;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a provider reported about a message it accepted, in rising precedence: a delivery's outcome only ever moves to
 * a later constant, so reports arriving out of order (an SES {@code Delivery} after its {@code Click}) never move it
 * back, and a bounce or complaint wins over anything reported before it.
 */
public enum ProviderStatus {

	/** The provider took the message on its way (SES {@code Send}, Twilio {@code queued}/{@code sent}, a push service's 2xx). */
	SENT("sent"),
	/** The receiving server has not taken it yet; the provider keeps trying (SES {@code DeliveryDelay}). */
	DELAYED("delayed"),
	/** The recipient's server or handset took it. */
	DELIVERED("delivered"),
	/** The recipient opened it (SES open tracking; WhatsApp {@code read}). */
	OPENED("opened"),
	/** The recipient followed a link in it. */
	CLICKED("clicked"),
	/** A transient bounce: the mailbox was full or the server unavailable; the address is not suppressed. */
	SOFT_BOUNCED("soft_bounced"),
	/** The provider gave up or refused it (SES {@code Reject}, Twilio {@code undelivered}, a push device gone). */
	FAILED("failed"),
	/** A permanent bounce: the address does not exist; it is suppressed. */
	BOUNCED("bounced"),
	/** The recipient marked it as spam; the address is suppressed. */
	COMPLAINED("complained");

	private final String id;

	ProviderStatus(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	/** Whether this status may replace {@code current} as a delivery's outcome. */
	public boolean supersedes(ProviderStatus current) {
		return current == null || compareTo(current) > 0;
	}

	public static Optional<ProviderStatus> fromId(String id) {
		return Arrays.stream(values()).filter((status) -> status.id.equals(id)).findFirst();
	}

	/** The ids in precedence order, for SQL to rank by. */
	static String[] ranking() {
		return Arrays.stream(values()).map(ProviderStatus::id).toArray(String[]::new);
	}

}
