package dev.herald.events.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;

/**
 * Data of {@code payment.succeeded}: a payment for an order went through.
 *
 * @param customer who paid
 * @param orderId the shop's order id
 * @param paymentId the shop's or provider's payment id
 * @param amount what was paid
 * @param currency ISO 4217 code
 * @param method how
 * @param last4 last four digits of the card, may be {@code null}
 * @param paidAt when
 */
public record PaymentSucceeded(Customer customer, String orderId, String paymentId, BigDecimal amount, String currency,
		PaymentMethod method, String last4, Instant paidAt) implements EventData {

	public PaymentSucceeded {
		Objects.requireNonNull(customer, "customer");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(paymentId, "paymentId");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(paidAt, "paidAt");
	}

	@Override
	public EventType type() {
		return EventType.PAYMENT_SUCCEEDED;
	}

}
