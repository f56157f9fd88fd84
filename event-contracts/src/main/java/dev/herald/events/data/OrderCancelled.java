package dev.herald.events.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;

/**
 * Data of {@code order.cancelled}: an order was cancelled, by the customer or by the shop.
 *
 * @param customer whose order
 * @param orderId the shop's order id
 * @param orderNumber the order number the customer sees
 * @param cancelledAt when it was cancelled
 * @param reason why, may be {@code null}
 * @param refundAmount what will be refunded, may be {@code null}
 * @param currency currency of the refund; required with {@code refundAmount}
 */
public record OrderCancelled(Customer customer, String orderId, String orderNumber, Instant cancelledAt, String reason,
		BigDecimal refundAmount, String currency) implements EventData {

	public OrderCancelled {
		Objects.requireNonNull(customer, "customer");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(orderNumber, "orderNumber");
		Objects.requireNonNull(cancelledAt, "cancelledAt");
		if (refundAmount != null) {
			Objects.requireNonNull(currency, "currency is required with refundAmount");
		}
	}

	@Override
	public EventType type() {
		return EventType.ORDER_CANCELLED;
	}

}
