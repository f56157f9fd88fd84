package dev.herald.events.data;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;

/**
 * Data of {@code shipment.dispatched}: a parcel of an order left with a carrier.
 *
 * @param customer who receives it
 * @param orderId the shop's order id
 * @param shipmentId the shop's shipment id
 * @param carrier the carrier's name
 * @param trackingNumber the carrier's tracking number
 * @param trackingUrl where to follow the parcel, may be {@code null}
 * @param estimatedDelivery expected delivery day, may be {@code null}
 * @param items what is in the parcel, may be {@code null}
 */
public record ShipmentDispatched(Customer customer, String orderId, String shipmentId, String carrier,
		String trackingNumber, URI trackingUrl, LocalDate estimatedDelivery, List<ShipmentItem> items)
		implements EventData {

	public ShipmentDispatched {
		Objects.requireNonNull(customer, "customer");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(shipmentId, "shipmentId");
		Objects.requireNonNull(carrier, "carrier");
		Objects.requireNonNull(trackingNumber, "trackingNumber");
		items = (items != null) ? List.copyOf(items) : null;
	}

	@Override
	public EventType type() {
		return EventType.SHIPMENT_DISPATCHED;
	}

}
