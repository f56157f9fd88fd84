package dev.herald.events.data;

import java.time.Instant;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;

/**
 * Data of {@code shipment.delivered}: the carrier delivered the parcel.
 *
 * @param customer who received it
 * @param orderId the shop's order id
 * @param shipmentId the shop's shipment id
 * @param carrier the carrier's name
 * @param trackingNumber the carrier's tracking number
 * @param deliveredAt when
 * @param deliveredTo where it was left, e.g. {@code front door}; may be {@code null}
 */
public record ShipmentDelivered(Customer customer, String orderId, String shipmentId, String carrier,
		String trackingNumber, Instant deliveredAt, String deliveredTo) implements EventData {

	public ShipmentDelivered {
		Objects.requireNonNull(customer, "customer");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(shipmentId, "shipmentId");
		Objects.requireNonNull(carrier, "carrier");
		Objects.requireNonNull(trackingNumber, "trackingNumber");
		Objects.requireNonNull(deliveredAt, "deliveredAt");
	}

	@Override
	public EventType type() {
		return EventType.SHIPMENT_DELIVERED;
	}

}
