package dev.herald.events.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;

/**
 * Data of {@code payment.refunded}: a payment was refunded, in full or in part.
 *
 * @param customer who gets the money back
 * @param orderId the shop's order id
 * @param paymentId the refunded payment
 * @param refundId the shop's or provider's refund id
 * @param amount what was refunded
 * @param currency ISO 4217 code
 * @param reason why, may be {@code null}
 * @param refundedAt when
 */
public record PaymentRefunded(Customer customer, String orderId, String paymentId, String refundId, BigDecimal amount,
		String currency, String reason, Instant refundedAt) implements EventData {

	public PaymentRefunded {
		Objects.requireNonNull(customer, "customer");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(paymentId, "paymentId");
		Objects.requireNonNull(refundId, "refundId");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(refundedAt, "refundedAt");
	}

	@Override
	public EventType type() {
		return EventType.PAYMENT_REFUNDED;
	}

}
