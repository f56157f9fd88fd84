package dev.herald.events.publisher;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.EventData;
import dev.herald.events.data.PaymentMethod;
import dev.herald.events.data.PaymentSucceeded;

/**
 * Builds a {@code payment.succeeded} event. Required besides customer and order id: {@code paymentId},
 * {@code amount} with its currency, {@code method} and {@code paidAt}.
 */
public final class PaymentSucceededBuilder extends EventBuilder<PaymentSucceededBuilder> {

	private String paymentId;

	private BigDecimal amount;

	private String currency;

	private PaymentMethod method;

	private String last4;

	private Instant paidAt;

	PaymentSucceededBuilder(EventBuilders builders) {
		super(builders);
	}

	/** The shop's or provider's payment id (required). */
	public PaymentSucceededBuilder paymentId(String paymentId) {
		this.paymentId = paymentId;
		return this;
	}

	/** What was paid, e.g. {@code amount("66000", "KRW")} (required). */
	public PaymentSucceededBuilder amount(String amount, String currency) {
		return amount(money("amount", amount), currency);
	}

	/** Like {@link #amount(String, String)}. */
	public PaymentSucceededBuilder amount(BigDecimal amount, String currency) {
		this.amount = amount;
		this.currency = currency;
		return this;
	}

	/** How it was paid (required). */
	public PaymentSucceededBuilder method(PaymentMethod method) {
		this.method = method;
		return this;
	}

	/** The last four digits of the card. */
	public PaymentSucceededBuilder last4(String last4) {
		this.last4 = last4;
		return this;
	}

	/** When it was paid (required). */
	public PaymentSucceededBuilder paidAt(Instant paidAt) {
		this.paidAt = paidAt;
		return this;
	}

	@Override
	EventType type() {
		return EventType.PAYMENT_SUCCEEDED;
	}

	@Override
	void requireData(List<Problem> problems) {
		require(problems, "paymentId", this.paymentId);
		require(problems, "amount", this.amount);
		require(problems, "currency", this.currency);
		require(problems, "method", this.method);
		require(problems, "paidAt", this.paidAt);
	}

	@Override
	EventData data(Customer customer) {
		return new PaymentSucceeded(customer, this.orderId, this.paymentId, this.amount, this.currency, this.method,
				this.last4, this.paidAt);
	}

}
