package dev.herald.events;

import java.util.Arrays;
import java.util.Optional;

/** The business events Herald accepts, by their CloudEvents {@code type}. */
public enum EventType {

	ORDER_PLACED("order.placed"),
	ORDER_CANCELLED("order.cancelled"),
	PAYMENT_SUCCEEDED("payment.succeeded"),
	PAYMENT_FAILED("payment.failed"),
	PAYMENT_REFUNDED("payment.refunded"),
	SHIPMENT_DISPATCHED("shipment.dispatched"),
	SHIPMENT_OUT_FOR_DELIVERY("shipment.out_for_delivery"),
	SHIPMENT_DELIVERED("shipment.delivered");

	private final String wireName;

	EventType(String wireName) {
		this.wireName = wireName;
	}

	/** The value of the CloudEvents {@code type} attribute, e.g. {@code order.placed}. */
	public String wireName() {
		return this.wireName;
	}

	public static Optional<EventType> fromWireName(String wireName) {
		return Arrays.stream(values()).filter((type) -> type.wireName.equals(wireName)).findFirst();
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}
