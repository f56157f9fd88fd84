package dev.herald.events.data;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of an order; amounts are in the order's currency.
 *
 * @param sku the shop's stock keeping unit
 * @param name product name as the customer saw it
 * @param quantity how many, at least 1
 * @param unitPrice price of one
 * @param lineTotal price of the line
 */
public record OrderLine(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {

	public OrderLine {
		Objects.requireNonNull(sku, "sku");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(unitPrice, "unitPrice");
		Objects.requireNonNull(lineTotal, "lineTotal");
	}

}
