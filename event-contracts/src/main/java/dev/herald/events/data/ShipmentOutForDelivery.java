package dev.herald.events.data;

import java.net.URI;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;

/**
 * Data of {@code shipment.out_for_delivery}: the carrier is delivering the parcel today.
 *
 * @param customer who receives it
 * @param orderId the shop's order id
 * @param shipmentId the shop's shipment id
 * @param carrier the carrier's name
 * @param trackingNumber the carrier's tracking number
 * @param trackingUrl where to follow the parcel, may be {@code null}
 * @param expectedWindow when the carrier expects to arrive, may be {@code null}
 */
public record ShipmentOutForDelivery(Customer customer, String orderId, String shipmentId, String carrier,
		String trackingNumber, URI trackingUrl, TimeWindow expectedWindow) implements EventData {

	public ShipmentOutForDelivery {
		Objects.requireNonNull(customer, "customer");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(shipmentId, "shipmentId");
		Objects.requireNonNull(carrier, "carrier");
		Objects.requireNonNull(trackingNumber, "trackingNumber");
	}

	@Override
	public EventType type() {
		return EventType.SHIPMENT_OUT_FOR_DELIVERY;
	}

}
