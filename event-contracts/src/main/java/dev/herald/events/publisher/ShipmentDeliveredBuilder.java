package dev.herald.events.publisher;

import java.time.Instant;
import java.util.List;

import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.EventData;
import dev.herald.events.data.ShipmentDelivered;

/**
 * Builds a {@code shipment.delivered} event. Required besides customer and order id: {@code shipmentId},
 * {@code carrier}, {@code trackingNumber} and {@code deliveredAt}.
 */
public final class ShipmentDeliveredBuilder extends EventBuilder<ShipmentDeliveredBuilder> {

	private String shipmentId;

	private String carrier;

	private String trackingNumber;

	private Instant deliveredAt;

	private String deliveredTo;

	ShipmentDeliveredBuilder(EventBuilders builders) {
		super(builders);
	}

	/** The shop's shipment id (required). */
	public ShipmentDeliveredBuilder shipmentId(String shipmentId) {
		this.shipmentId = shipmentId;
		return this;
	}

	/** The carrier's name (required). */
	public ShipmentDeliveredBuilder carrier(String carrier) {
		this.carrier = carrier;
		return this;
	}

	/** The carrier's tracking number (required). */
	public ShipmentDeliveredBuilder trackingNumber(String trackingNumber) {
		this.trackingNumber = trackingNumber;
		return this;
	}

	/** When it was delivered (required). */
	public ShipmentDeliveredBuilder deliveredAt(Instant deliveredAt) {
		this.deliveredAt = deliveredAt;
		return this;
	}

	/** Where it was left, e.g. {@code front door}. */
	public ShipmentDeliveredBuilder deliveredTo(String deliveredTo) {
		this.deliveredTo = deliveredTo;
		return this;
	}

	@Override
	EventType type() {
		return EventType.SHIPMENT_DELIVERED;
	}

	@Override
	void requireData(List<Problem> problems) {
		require(problems, "shipmentId", this.shipmentId);
		require(problems, "carrier", this.carrier);
		require(problems, "trackingNumber", this.trackingNumber);
		require(problems, "deliveredAt", this.deliveredAt);
	}

	@Override
	EventData data(Customer customer) {
		return new ShipmentDelivered(customer, this.orderId, this.shipmentId, this.carrier, this.trackingNumber,
				this.deliveredAt, this.deliveredTo);
	}

}
