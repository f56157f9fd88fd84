package dev.herald.events.publisher;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.EventData;
import dev.herald.events.data.ShipmentDispatched;
import dev.herald.events.data.ShipmentItem;

/**
 * Builds a {@code shipment.dispatched} event. Required besides customer and order id: {@code shipmentId},
 * {@code carrier} and {@code trackingNumber}.
 */
public final class ShipmentDispatchedBuilder extends EventBuilder<ShipmentDispatchedBuilder> {

	private String shipmentId;

	private String carrier;

	private String trackingNumber;

	private URI trackingUrl;

	private LocalDate estimatedDelivery;

	private final List<ShipmentItem> items = new ArrayList<>();

	ShipmentDispatchedBuilder(EventBuilders builders) {
		super(builders);
	}

	/** The shop's shipment id (required). */
	public ShipmentDispatchedBuilder shipmentId(String shipmentId) {
		this.shipmentId = shipmentId;
		return this;
	}

	/** The carrier's name (required). */
	public ShipmentDispatchedBuilder carrier(String carrier) {
		this.carrier = carrier;
		return this;
	}

	/** The carrier's tracking number (required). */
	public ShipmentDispatchedBuilder trackingNumber(String trackingNumber) {
		this.trackingNumber = trackingNumber;
		return this;
	}

	/** Where to follow the parcel, an absolute http(s) URL. */
	public ShipmentDispatchedBuilder trackingUrl(String trackingUrl) {
		this.trackingUrl = url("trackingUrl", trackingUrl);
		return this;
	}

	/** The day the carrier expects to deliver. */
	public ShipmentDispatchedBuilder estimatedDelivery(LocalDate estimatedDelivery) {
		this.estimatedDelivery = estimatedDelivery;
		return this;
	}

	/** Adds what is in the parcel: {@code quantity} of {@code sku}. */
	public ShipmentDispatchedBuilder item(String sku, String name, int quantity) {
		this.items.add(new ShipmentItem(Objects.requireNonNull(sku, "sku"), Objects.requireNonNull(name, "name"),
				quantity));
		return this;
	}

	@Override
	EventType type() {
		return EventType.SHIPMENT_DISPATCHED;
	}

	@Override
	void requireData(List<Problem> problems) {
		require(problems, "shipmentId", this.shipmentId);
		require(problems, "carrier", this.carrier);
		require(problems, "trackingNumber", this.trackingNumber);
	}

	@Override
	EventData data(Customer customer) {
		return new ShipmentDispatched(customer, this.orderId, this.shipmentId, this.carrier, this.trackingNumber,
				this.trackingUrl, this.estimatedDelivery, this.items.isEmpty() ? null : this.items);
	}

}
