package dev.herald.events.data;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;

/**
 * Data of {@code payment.failed}: a payment for an order was declined or could not be completed.
 *
 * @param customer who tried to pay
 * @param orderId the shop's order id
 * @param paymentId the shop's or provider's payment id
 * @param amount what was to be paid
 * @param currency ISO 4217 code
 * @param method how
 * @param failureReason why, in words fit for the customer
 * @param failureCode the provider's code such as {@code card_declined}, may be {@code null}
 * @param retryUrl where the customer can pay again, may be {@code null}
 */
public record PaymentFailed(Customer customer, String orderId, String paymentId, BigDecimal amount, String currency,
		PaymentMethod method, String failureReason, String failureCode, URI retryUrl) implements EventData {

	public PaymentFailed {
		Objects.requireNonNull(customer, "customer");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(paymentId, "paymentId");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(failureReason, "failureReason");
	}

	@Override
	public EventType type() {
		return EventType.PAYMENT_FAILED;
	}

}
