package dev.herald.events.publisher;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.Address;
import dev.herald.events.data.EventData;
import dev.herald.events.data.OrderLine;
import dev.herald.events.data.OrderPlaced;
import dev.herald.events.data.Totals;

/**
 * Builds an {@code order.placed} event. Required besides customer and order id: {@code orderNumber},
 * {@code placedAt}, at least one {@code line}, and {@code currency}, {@code subtotal} and {@code total}.
 */
public final class OrderPlacedBuilder extends EventBuilder<OrderPlacedBuilder> {

	private String orderNumber;

	private Instant placedAt;

	private final List<OrderLine> lines = new ArrayList<>();

	private String currency;

	private BigDecimal subtotal;

	private BigDecimal shipping;

	private BigDecimal tax;

	private BigDecimal discount;

	private BigDecimal total;

	private Address shippingAddress;

	private URI orderUrl;

	OrderPlacedBuilder(EventBuilders builders) {
		super(builders);
	}

	/** The order number the customer sees (required). */
	public OrderPlacedBuilder orderNumber(String orderNumber) {
		this.orderNumber = orderNumber;
		return this;
	}

	/** When the order was placed (required). */
	public OrderPlacedBuilder placedAt(Instant placedAt) {
		this.placedAt = placedAt;
		return this;
	}

	/** Adds a line of the order; at least one is required. */
	public OrderPlacedBuilder line(OrderLine line) {
		this.lines.add(Objects.requireNonNull(line, "line"));
		return this;
	}

	/** Adds a line: {@code quantity} of {@code sku} at {@code unitPrice} each, {@code lineTotal} in all. */
	public OrderPlacedBuilder line(String sku, String name, int quantity, String unitPrice, String lineTotal) {
		return line(new OrderLine(sku, name, quantity, money("unitPrice", unitPrice), money("lineTotal", lineTotal)));
	}

	/** The currency of every amount of the order, ISO 4217, e.g. {@code KRW} (required). */
	public OrderPlacedBuilder currency(String currency) {
		this.currency = currency;
		return this;
	}

	/** The sum of the lines (required). */
	public OrderPlacedBuilder subtotal(String subtotal) {
		this.subtotal = money("subtotal", subtotal);
		return this;
	}

	/** Like {@link #subtotal(String)}. */
	public OrderPlacedBuilder subtotal(BigDecimal subtotal) {
		this.subtotal = subtotal;
		return this;
	}

	/** The shipping cost. */
	public OrderPlacedBuilder shipping(String shipping) {
		this.shipping = money("shipping", shipping);
		return this;
	}

	/** The tax. */
	public OrderPlacedBuilder tax(String tax) {
		this.tax = money("tax", tax);
		return this;
	}

	/** The discount granted, as a positive amount that was taken off. */
	public OrderPlacedBuilder discount(String discount) {
		this.discount = money("discount", discount);
		return this;
	}

	/** What the customer pays (required). */
	public OrderPlacedBuilder total(String total) {
		this.total = money("total", total);
		return this;
	}

	/** Like {@link #total(String)}. */
	public OrderPlacedBuilder total(BigDecimal total) {
		this.total = total;
		return this;
	}

	/** Every amount at once, instead of {@link #currency(String)}, {@link #subtotal(String)} and the others. */
	public OrderPlacedBuilder totals(Totals totals) {
		Objects.requireNonNull(totals, "totals");
		this.currency = totals.currency();
		this.subtotal = totals.subtotal();
		this.shipping = totals.shipping();
		this.tax = totals.tax();
		this.discount = totals.discount();
		this.total = totals.total();
		return this;
	}

	/** Where the order is shipped; leave out for orders with nothing to ship. */
	public OrderPlacedBuilder shippingAddress(Address shippingAddress) {
		this.shippingAddress = shippingAddress;
		return this;
	}

	/** The order's page for the customer, an absolute http(s) URL. */
	public OrderPlacedBuilder orderUrl(String orderUrl) {
		this.orderUrl = url("orderUrl", orderUrl);
		return this;
	}

	@Override
	EventType type() {
		return EventType.ORDER_PLACED;
	}

	@Override
	void requireData(List<Problem> problems) {
		require(problems, "orderNumber", this.orderNumber);
		require(problems, "placedAt", this.placedAt);
		requireNotEmpty(problems, "lines", this.lines);
		require(problems, "totals.currency", this.currency);
		require(problems, "totals.subtotal", this.subtotal);
		require(problems, "totals.total", this.total);
	}

	@Override
	EventData data(Customer customer) {
		return new OrderPlaced(customer, this.orderId, this.orderNumber, this.placedAt, this.lines,
				new Totals(this.currency, this.subtotal, this.shipping, this.tax, this.discount, this.total),
				this.shippingAddress, this.orderUrl);
	}

}
