package dev.herald.events.publisher;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.EventData;
import dev.herald.events.data.PaymentFailed;
import dev.herald.events.data.PaymentMethod;

/**
 * Builds a {@code payment.failed} event. Required besides customer and order id: {@code paymentId}, {@code amount}
 * with its currency, {@code method} and {@code failureReason}.
 */
public final class PaymentFailedBuilder extends EventBuilder<PaymentFailedBuilder> {

	private String paymentId;

	private BigDecimal amount;

	private String currency;

	private PaymentMethod method;

	private String failureReason;

	private String failureCode;

	private URI retryUrl;

	PaymentFailedBuilder(EventBuilders builders) {
		super(builders);
	}

	/** The shop's or provider's payment id (required). */
	public PaymentFailedBuilder paymentId(String paymentId) {
		this.paymentId = paymentId;
		return this;
	}

	/** What was to be paid, e.g. {@code amount("129.99", "USD")} (required). */
	public PaymentFailedBuilder amount(String amount, String currency) {
		return amount(money("amount", amount), currency);
	}

	/** Like {@link #amount(String, String)}. */
	public PaymentFailedBuilder amount(BigDecimal amount, String currency) {
		this.amount = amount;
		this.currency = currency;
		return this;
	}

	/** How the customer tried to pay (required). */
	public PaymentFailedBuilder method(PaymentMethod method) {
		this.method = method;
		return this;
	}

	/** Why it failed, in words fit for the customer (required). */
	public PaymentFailedBuilder failureReason(String failureReason) {
		this.failureReason = failureReason;
		return this;
	}

	/** The provider's code, e.g. {@code card_declined}. */
	public PaymentFailedBuilder failureCode(String failureCode) {
		this.failureCode = failureCode;
		return this;
	}

	/** Where the customer can pay again, an absolute http(s) URL. */
	public PaymentFailedBuilder retryUrl(String retryUrl) {
		this.retryUrl = url("retryUrl", retryUrl);
		return this;
	}

	@Override
	EventType type() {
		return EventType.PAYMENT_FAILED;
	}

	@Override
	void requireData(List<Problem> problems) {
		require(problems, "paymentId", this.paymentId);
		require(problems, "amount", this.amount);
		require(problems, "currency", this.currency);
		require(problems, "method", this.method);
		require(problems, "failureReason", this.failureReason);
	}

	@Override
	EventData data(Customer customer) {
		return new PaymentFailed(customer, this.orderId, this.paymentId, this.amount, this.currency, this.method,
				this.failureReason, this.failureCode, this.retryUrl);
	}

}
