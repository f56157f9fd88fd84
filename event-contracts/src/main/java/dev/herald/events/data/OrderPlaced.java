package dev.herald.events.data;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;

/**
 * Data of {@code order.placed}: a customer placed an order.
 *
 * @param customer who ordered
 * @param orderId the shop's order id
 * @param orderNumber the order number the customer sees
 * @param placedAt when the order was placed
 * @param lines what was ordered, at least one line
 * @param totals the money, in {@code totals.currency}
 * @param shippingAddress where it goes, {@code null} when nothing is shipped
 * @param orderUrl the order's page for the customer, may be {@code null}
 */
public record OrderPlaced(Customer customer, String orderId, String orderNumber, Instant placedAt, List<OrderLine> lines,
		Totals totals, Address shippingAddress, URI orderUrl) implements EventData {

	public OrderPlaced {
		Objects.requireNonNull(customer, "customer");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(orderNumber, "orderNumber");
		Objects.requireNonNull(placedAt, "placedAt");
		lines = List.copyOf(lines);
		Objects.requireNonNull(totals, "totals");
	}

	@Override
	public EventType type() {
		return EventType.ORDER_PLACED;
	}

}
