package dev.herald.events.data;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The money of an order.
 *
 * @param currency ISO 4217 code, e.g. {@code KRW}
 * @param subtotal sum of the lines
 * @param shipping shipping cost, may be {@code null}
 * @param tax tax, may be {@code null}
 * @param discount discount granted, may be {@code null}
 * @param total what the customer pays
 */
public record Totals(String currency, BigDecimal subtotal, BigDecimal shipping, BigDecimal tax, BigDecimal discount,
		BigDecimal total) {

	public Totals {
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(subtotal, "subtotal");
		Objects.requireNonNull(total, "total");
	}

}
