package dev.herald.events.publisher;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;

import dev.herald.events.EventValidator;

/**
 * Where a shop's events start: one builder per event type, all with the shop's {@code source}.
 *
 * <pre>{@code
 * EventBuilders events = EventBuilders.from("https://shop.example.com");
 * CloudEvent event = events.paymentSucceeded()
 *     .customer("cus_20931").customerEmail("minji.kim@example.com")
 *     .orderId("ord_1001").paymentId("pay_1").amount("66000", "KRW").method(PaymentMethod.CARD)
 *     .paidAt(Instant.now())
 *     .build();
 * }</pre>
 *
 * Thread-safe; keep one. Each builder is for one event on one thread.
 */
public final class EventBuilders {

	// Loads the schemas once per JVM; thread-safe.
	private static final EventValidator VALIDATOR = new EventValidator();

	private final String source;

	private final Clock clock;

	private EventBuilders(String source, Clock clock) {
		this.source = source;
		this.clock = clock;
	}

	/**
	 * Builders whose events name {@code source}, the shop, e.g. {@code https://shop.example.com}, and happen now.
	 * @throws IllegalArgumentException if {@code source} is empty
	 */
	public static EventBuilders from(String source) {
		return from(source, Clock.systemUTC());
	}

	/** Like {@link #from(String)}, telling the time of events built without one by {@code clock}. */
	public static EventBuilders from(String source, Clock clock) {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(clock, "clock");
		if (source.isBlank()) {
			throw new IllegalArgumentException("The source must name the shop, e.g. https://shop.example.com");
		}
		return new EventBuilders(source, clock);
	}

	/** Like {@link #from(String)}. */
	public static EventBuilders from(URI source) {
		return from(source.toString());
	}

	/** The shop these builders' events come from. */
	public String source() {
		return this.source;
	}

	/** A new {@code order.placed} event. */
	public OrderPlacedBuilder orderPlaced() {
		return new OrderPlacedBuilder(this);
	}

	/** A new {@code order.cancelled} event. */
	public OrderCancelledBuilder orderCancelled() {
		return new OrderCancelledBuilder(this);
	}

	/** A new {@code payment.succeeded} event. */
	public PaymentSucceededBuilder paymentSucceeded() {
		return new PaymentSucceededBuilder(this);
	}

	/** A new {@code payment.failed} event. */
	public PaymentFailedBuilder paymentFailed() {
		return new PaymentFailedBuilder(this);
	}

	/** A new {@code payment.refunded} event. */
	public PaymentRefundedBuilder paymentRefunded() {
		return new PaymentRefundedBuilder(this);
	}

	/** A new {@code shipment.dispatched} event. */
	public ShipmentDispatchedBuilder shipmentDispatched() {
		return new ShipmentDispatchedBuilder(this);
	}

	/** A new {@code shipment.out_for_delivery} event. */
	public ShipmentOutForDeliveryBuilder shipmentOutForDelivery() {
		return new ShipmentOutForDeliveryBuilder(this);
	}

	/** A new {@code shipment.delivered} event. */
	public ShipmentDeliveredBuilder shipmentDelivered() {
		return new ShipmentDeliveredBuilder(this);
	}

	Clock clock() {
		return this.clock;
	}

	static EventValidator validator() {
		return VALIDATOR;
	}

}
