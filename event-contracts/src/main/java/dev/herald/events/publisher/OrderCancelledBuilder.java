package dev.herald.events.publisher;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.EventData;
import dev.herald.events.data.OrderCancelled;

/**
 * Builds an {@code order.cancelled} event. Required besides customer and order id: {@code orderNumber} and
 * {@code cancelledAt}.
 */
public final class OrderCancelledBuilder extends EventBuilder<OrderCancelledBuilder> {

	private String orderNumber;

	private Instant cancelledAt;

	private String reason;

	private BigDecimal refundAmount;

	private String currency;

	OrderCancelledBuilder(EventBuilders builders) {
		super(builders);
	}

	/** The order number the customer sees (required). */
	public OrderCancelledBuilder orderNumber(String orderNumber) {
		this.orderNumber = orderNumber;
		return this;
	}

	/** When the order was cancelled (required). */
	public OrderCancelledBuilder cancelledAt(Instant cancelledAt) {
		this.cancelledAt = cancelledAt;
		return this;
	}

	/** Why, in words fit for the customer. */
	public OrderCancelledBuilder reason(String reason) {
		this.reason = reason;
		return this;
	}

	/** What will be refunded, in {@code currency} (ISO 4217). */
	public OrderCancelledBuilder refund(String amount, String currency) {
		return refund(money("refundAmount", amount), currency);
	}

	/** Like {@link #refund(String, String)}. */
	public OrderCancelledBuilder refund(BigDecimal amount, String currency) {
		this.refundAmount = amount;
		this.currency = currency;
		return this;
	}

	@Override
	EventType type() {
		return EventType.ORDER_CANCELLED;
	}

	@Override
	void requireData(List<Problem> problems) {
		require(problems, "orderNumber", this.orderNumber);
		require(problems, "cancelledAt", this.cancelledAt);
		if (this.refundAmount != null) {
			require(problems, "currency", this.currency);
		}
	}

	@Override
	EventData data(Customer customer) {
		return new OrderCancelled(customer, this.orderId, this.orderNumber, this.cancelledAt, this.reason,
				this.refundAmount, this.currency);
	}

}
