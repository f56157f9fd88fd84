package dev.herald.events.publisher;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.EventData;
import dev.herald.events.data.ShipmentOutForDelivery;
import dev.herald.events.data.TimeWindow;

/**
 * Builds a {@code shipment.out_for_delivery} event. Required besides customer and order id: {@code shipmentId},
 * {@code carrier} and {@code trackingNumber}.
 */
public final class ShipmentOutForDeliveryBuilder extends EventBuilder<ShipmentOutForDeliveryBuilder> {

	private String shipmentId;

	private String carrier;

	private String trackingNumber;

	private URI trackingUrl;

	private TimeWindow expectedWindow;

	ShipmentOutForDeliveryBuilder(EventBuilders builders) {
		super(builders);
	}

	/** The shop's shipment id (required). */
	public ShipmentOutForDeliveryBuilder shipmentId(String shipmentId) {
		this.shipmentId = shipmentId;
		return this;
	}

	/** The carrier's name (required). */
	public ShipmentOutForDeliveryBuilder carrier(String carrier) {
		this.carrier = carrier;
		return this;
	}

	/** The carrier's tracking number (required). */
	public ShipmentOutForDeliveryBuilder trackingNumber(String trackingNumber) {
		this.trackingNumber = trackingNumber;
		return this;
	}

	/** Where to follow the parcel, an absolute http(s) URL. */
	public ShipmentOutForDeliveryBuilder trackingUrl(String trackingUrl) {
		this.trackingUrl = url("trackingUrl", trackingUrl);
		return this;
	}

	/** When the carrier expects to arrive. */
	public ShipmentOutForDeliveryBuilder expectedWindow(Instant from, Instant to) {
		this.expectedWindow = new TimeWindow(from, to);
		return this;
	}

	@Override
	EventType type() {
		return EventType.SHIPMENT_OUT_FOR_DELIVERY;
	}

	@Override
	void requireData(List<Problem> problems) {
		require(problems, "shipmentId", this.shipmentId);
		require(problems, "carrier", this.carrier);
		require(problems, "trackingNumber", this.trackingNumber);
	}

	@Override
	EventData data(Customer customer) {
		return new ShipmentOutForDelivery(customer, this.orderId, this.shipmentId, this.carrier, this.trackingNumber,
				this.trackingUrl, this.expectedWindow);
	}

}
