package dev.herald.events.publisher;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.EventData;
import dev.herald.events.data.PaymentRefunded;

/**
 * Builds a {@code payment.refunded} event. Required besides customer and order id: {@code paymentId},
 * {@code refundId}, {@code amount} with its currency and {@code refundedAt}.
 */
public final class PaymentRefundedBuilder extends EventBuilder<PaymentRefundedBuilder> {

	private String paymentId;

	private String refundId;

	private BigDecimal amount;

	private String currency;

	private String reason;

	private Instant refundedAt;

	PaymentRefundedBuilder(EventBuilders builders) {
		super(builders);
	}

	/** The refunded payment (required). */
	public PaymentRefundedBuilder paymentId(String paymentId) {
		this.paymentId = paymentId;
		return this;
	}

	/** The shop's or provider's refund id (required). */
	public PaymentRefundedBuilder refundId(String refundId) {
		this.refundId = refundId;
		return this;
	}

	/** What was refunded, e.g. {@code amount("84.50", "GBP")} (required). */
	public PaymentRefundedBuilder amount(String amount, String currency) {
		return amount(money("amount", amount), currency);
	}

	/** Like {@link #amount(String, String)}. */
	public PaymentRefundedBuilder amount(BigDecimal amount, String currency) {
		this.amount = amount;
		this.currency = currency;
		return this;
	}

	/** Why, in words fit for the customer. */
	public PaymentRefundedBuilder reason(String reason) {
		this.reason = reason;
		return this;
	}

	/** When it was refunded (required). */
	public PaymentRefundedBuilder refundedAt(Instant refundedAt) {
		this.refundedAt = refundedAt;
		return this;
	}

	@Override
	EventType type() {
		return EventType.PAYMENT_REFUNDED;
	}

	@Override
	void requireData(List<Problem> problems) {
		require(problems, "paymentId", this.paymentId);
		require(problems, "refundId", this.refundId);
		require(problems, "amount", this.amount);
		require(problems, "currency", this.currency);
		require(problems, "refundedAt", this.refundedAt);
	}

	@Override
	EventData data(Customer customer) {
		return new PaymentRefunded(customer, this.orderId, this.paymentId, this.refundId, this.amount, this.currency,
				this.reason, this.refundedAt);
	}

}
