package dev.herald.events.publisher;

import dev.herald.events.EventType;

/** The families of event types, each of which may have an SNS topic of its own. */
public enum EventFamily {

	/** {@code order.*} */
	ORDERS,
	/** {@code payment.*} */
	PAYMENTS,
	/** {@code shipment.*} */
	SHIPPING;

	/** The family of {@code type}. */
	public static EventFamily of(EventType type) {
		return switch (type) {
			case ORDER_PLACED, ORDER_CANCELLED -> ORDERS;
			case PAYMENT_SUCCEEDED, PAYMENT_FAILED, PAYMENT_REFUNDED -> PAYMENTS;
			case SHIPMENT_DISPATCHED, SHIPMENT_OUT_FOR_DELIVERY, SHIPMENT_DELIVERED -> SHIPPING;
		};
	}

}
