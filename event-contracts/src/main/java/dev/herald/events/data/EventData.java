package dev.herald.events.data;

import dev.herald.events.CloudEvent;
import dev.herald.events.Customer;
import dev.herald.events.EventType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code data} of an event as a record, one kind per {@link EventType}.
 *
 * <p>Read it from a validated event with {@link #read(CloudEvent)}; build an event from it with
 * {@link CloudEvent#of(String, String, java.time.Instant, EventData)}.
 */
public sealed interface EventData permits OrderPlaced, OrderCancelled, PaymentSucceeded, PaymentFailed,
		PaymentRefunded, ShipmentDispatched, ShipmentOutForDelivery, ShipmentDelivered {

	/** The event type this data belongs to. */
	EventType type();

	/** Who the event is about; every event has one. */
	Customer customer();

	/** The order the event is about; every event has one. */
	String orderId();

	/** This data as the JSON object that goes into an event's {@code data}, leaving out absent fields. */
	default ObjectNode toJson() {
		return DataJson.write(this);
	}

	/** The record that holds the data of events of {@code type}. */
	static Class<? extends EventData> recordType(EventType type) {
		return switch (type) {
			case ORDER_PLACED -> OrderPlaced.class;
			case ORDER_CANCELLED -> OrderCancelled.class;
			case PAYMENT_SUCCEEDED -> PaymentSucceeded.class;
			case PAYMENT_FAILED -> PaymentFailed.class;
			case PAYMENT_REFUNDED -> PaymentRefunded.class;
			case SHIPMENT_DISPATCHED -> ShipmentDispatched.class;
			case SHIPMENT_OUT_FOR_DELIVERY -> ShipmentOutForDelivery.class;
			case SHIPMENT_DELIVERED -> ShipmentDelivered.class;
		};
	}

	/**
	 * Reads the event's data as the record of its type; switch over the result to handle each type.
	 * @throws IllegalArgumentException if the data does not fit the record, which a validated event's never does
	 */
	static EventData read(CloudEvent event) {
		return read(event.type(), event.data());
	}

	/**
	 * Reads the event's data as {@code type}, e.g. {@code EventData.read(event, OrderPlaced.class)}.
	 * @throws IllegalArgumentException if the event is of another type, or its data does not fit the record
	 */
	static <T extends EventData> T read(CloudEvent event, Class<T> type) {
		if (recordType(event.type()) != type) {
			throw new IllegalArgumentException(
					"Event " + event.id() + " is " + event.type() + ", its data is no " + type.getSimpleName());
		}
		return type.cast(read(event.type(), event.data()));
	}

	/**
	 * Reads {@code data} as the record of {@code type}.
	 * @throws IllegalArgumentException if the data does not fit the record
	 */
	static EventData read(EventType type, JsonNode data) {
		return DataJson.read(data, recordType(type));
	}

}
