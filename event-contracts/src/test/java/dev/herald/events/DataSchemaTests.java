package dev.herald.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

import static dev.herald.events.Bodies.problems;
import static dev.herald.events.Bodies.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** What the data schema of each type lets through and what not. */
class DataSchemaTests {

	private final EventValidator validator = new EventValidator();

	static Stream<Arguments> requiredDataFields() {
		List<Arguments> arguments = new ArrayList<>();
		for (EventType type : EventType.values()) {
			schema(type).get("required").forEach((field) -> arguments.add(Arguments.of(type, field.asString())));
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0} without {1}")
	@MethodSource("requiredDataFields")
	void requiresEveryRequiredDataField(EventType type, String field) {
		String json = sample(type).without("data." + field).json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$.data." + field, "is required"));
	}

	@Test
	void requiresTheCoreFieldsOfEveryType() {
		assertThat(requiredDataFields().map((arguments) -> arguments.get()[0] + " " + arguments.get()[1]))
			.contains("order.placed customer", "order.placed orderId", "order.placed lines", "order.placed totals",
					"order.cancelled cancelledAt", "payment.succeeded amount", "payment.succeeded currency",
					"payment.failed failureReason", "payment.refunded refundId", "shipment.dispatched trackingNumber",
					"shipment.out_for_delivery carrier", "shipment.delivered deliveredAt");
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void requiresTheCustomerId(EventType type) {
		String json = sample(type).without("data.customer.id").json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.data.customer.id", "is required"));
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void requiresAnEmailOrAPhone(EventType type) {
		String json = sample(type).without("data.customer.email").without("data.customer.phone").json();

		assertThat(problems(this.validator.validate(json))).containsExactly(
				new Problem("$.data.customer", "needs an email or a phone, so that Herald can reach the customer"));
	}

	@Test
	void acceptsACustomerWithAPhoneOnly() {
		String json = sample(EventType.SHIPMENT_DELIVERED).with("data.customer", "{\"id\": \"c1\", \"phone\": \"+821012345678\"}")
			.json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@Test
	void acceptsACustomerWithAnEmailOnly() {
		String json = sample(EventType.SHIPMENT_DELIVERED).with("data.customer", "{\"id\": \"c1\", \"email\": \"a@example.com\"}")
			.json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void rejectsABadEmail(EventType type) {
		String json = sample(type).withString("data.customer.email", "minji.kim.example.com").json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.data.customer.email", "must be an email address, such as jane@example.com"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "010-9876-5432", "01098765432", "821098765432", "+82 10 9876 5432", "+0821098765432", "+12345",
			"+1234567890123456", "" })
	void rejectsPhonesThatAreNotE164(String phone) {
		String json = sample(EventType.PAYMENT_FAILED).withString("data.customer.phone", phone).json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path)
			.containsExactly("$.data.customer.phone");
	}

	@ParameterizedTest
	@ValueSource(strings = { "+821098765432", "+12025550143", "+447700900123", "+8613800138000" })
	void acceptsE164Phones(String phone) {
		String json = sample(EventType.PAYMENT_FAILED).withString("data.customer.phone", phone).json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ko_KR", "korean!", "k", "ko-", "-KR" })
	void rejectsLocalesThatAreNotLanguageTags(String locale) {
		String json = sample(EventType.PAYMENT_FAILED).withString("data.customer.locale", locale).json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path)
			.containsExactly("$.data.customer.locale");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ko", "ko-KR", "en-US", "zh-Hant-TW", "sr-Latn-RS", "en-GB-x-shop" })
	void acceptsLanguageTags(String locale) {
		String json = sample(EventType.PAYMENT_FAILED).withString("data.customer.locale", locale).json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Asia/Seoul", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+9" })
	void acceptsIanaTimeZones(String zone) {
		String json = sample(EventType.PAYMENT_FAILED).withString("data.customer.timeZone", zone).json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "+09:00", "Asia Seoul", "/Seoul", "" })
	void rejectsTimeZonesThatAreNoIanaIds(String zone) {
		String json = sample(EventType.PAYMENT_FAILED).withString("data.customer.timeZone", zone).json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path)
			.containsExactly("$.data.customer.timeZone");
	}

	@ParameterizedTest
	@ValueSource(strings = { "krw", "KR", "KRWX", "₩", "" })
	void rejectsCurrenciesThatAreNotIso4217Codes(String currency) {
		String json = sample(EventType.ORDER_PLACED).withString("data.totals.currency", currency).json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$.data.totals.currency",
				"must be an ISO 4217 currency code in capitals, such as KRW or USD"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "12.345.6", "1,000", "12.34567", "12.", ".5", "1e3", "₩66000", "12.50 USD", "", "- 5" })
	void rejectsMoneyThatIsNotADecimalString(String amount) {
		String json = sample(EventType.PAYMENT_SUCCEEDED).withString("data.amount", amount).json();

		assertThat(problems(this.validator.validate(json))).contains(new Problem("$.data.amount",
				"must be a decimal string with at most 4 decimals, such as \"49000\" or \"12.50\""));
	}

	@ParameterizedTest
	@ValueSource(strings = { "12.5", "66000", "null", "true" })
	void rejectsMoneyThatIsNotAString(String amount) {
		String json = sample(EventType.PAYMENT_SUCCEEDED).with("data.amount", amount).json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path).containsExactly("$.data.amount");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "66000", "12.5", "12.50", "0.0001", "-5000" })
	void acceptsMoneyAsDecimalStrings(String amount) {
		String json = sample(EventType.PAYMENT_SUCCEEDED).withString("data.amount", amount).json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "0" })
	void rejectsAQuantityBelowOne(String quantity) {
		String json = sample(EventType.ORDER_PLACED).with("data.lines.0.quantity", quantity).json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.data.lines[0].quantity", "must be at least 1"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.5", "\"2\"" })
	void rejectsAQuantityThatIsNoWholeNumber(String quantity) {
		String json = sample(EventType.SHIPMENT_DISPATCHED).with("data.items.1.quantity", quantity).json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path)
			.containsExactly("$.data.items[1].quantity");
	}

	@Test
	void requiresAtLeastOneOrderLine() {
		String json = sample(EventType.ORDER_PLACED).with("data.lines", "[]").json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$.data.lines", "must not be empty"));
	}

	@Test
	void requiresEveryFieldOfAnOrderLine() {
		String json = sample(EventType.ORDER_PLACED).with("data.lines.1", "{}").json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path)
			.containsExactlyInAnyOrder("$.data.lines[1].sku", "$.data.lines[1].name", "$.data.lines[1].quantity",
					"$.data.lines[1].unitPrice", "$.data.lines[1].lineTotal");
	}

	@ParameterizedTest
	@ValueSource(strings = { "kr", "KOR", "Korea" })
	void rejectsCountriesThatAreNotIso3166Alpha2(String country) {
		String json = sample(EventType.ORDER_PLACED).withString("data.shippingAddress.country", country).json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path)
			.containsExactly("$.data.shippingAddress.country");
	}

	@Test
	void acceptsAnOrderWithNothingToShip() {
		String json = sample(EventType.ORDER_PLACED).without("data.shippingAddress").without("data.orderUrl").json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "javascript:alert(1)", "data:text/html,hi", "ftp://example.com/x", "/orders/1", "not a url" })
	void rejectsUrlsThatAreNotHttp(String url) {
		String json = sample(EventType.ORDER_PLACED).withString("data.orderUrl", url).json();

		assertThat(problems(this.validator.validate(json))).contains(new Problem("$.data.orderUrl",
				"must be an absolute http or https URL, such as https://shop.example.com/orders/1001"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "data.orderNumber", "data.orderId", "data.customer.id", "id", "subject" })
	void rejectsControlCharactersInIdentifiersThatEndUpInSubjectsAndLogs(String field) {
		String json = sample(EventType.ORDER_PLACED).withString(field, "DM-42\r\nBcc: everyone@example.com").json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$." + field,
				"must be a string without line breaks or other control characters"));
	}

	@Test
	void requiresACurrencyWithARefundAmount() {
		String json = sample(EventType.ORDER_CANCELLED).without("data.currency").json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.data.currency", "is required when refundAmount is given"));
	}

	@Test
	void acceptsACancellationWithoutRefund() {
		String json = sample(EventType.ORDER_CANCELLED).without("data.currency").without("data.refundAmount").json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "paypal", "CARD", "" })
	void rejectsUnknownPaymentMethods(String method) {
		String json = sample(EventType.PAYMENT_SUCCEEDED).withString("data.method", method).json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$.data.method",
				"\"" + method + "\" is not one of: card, bank_transfer, virtual_account, wallet, mobile_carrier, "
						+ "buy_now_pay_later, gift_card, cash_on_delivery, other"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "424", "42424", "4x42" })
	void rejectsALast4ThatIsNotFourDigits(String last4) {
		String json = sample(EventType.PAYMENT_SUCCEEDED).withString("data.last4", last4).json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.data.last4", "must be the last 4 digits of the card, such as 4242"));
	}

	@Test
	void rejectsAnEstimatedDeliveryThatIsNoDate() {
		String json = sample(EventType.SHIPMENT_DISPATCHED).withString("data.estimatedDelivery", "2025-03-17T09:00:00Z")
			.json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.data.estimatedDelivery", "must be an RFC 3339 date, such as 2025-03-18"));
	}

	@Test
	void requiresBothEndsOfADeliveryWindow() {
		String json = sample(EventType.SHIPMENT_OUT_FOR_DELIVERY).without("data.expectedWindow.to").json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.data.expectedWindow.to", "is required"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "placedAt", "customer.email", "lines.0.sku" })
	void rejectsNullForTypedFields(String field) {
		String json = sample(EventType.ORDER_PLACED).with("data." + field, "null").json();

		assertThat(problems(this.validator.validate(json))).singleElement()
			.satisfies((problem) -> assertThat(problem.message()).endsWith(", not null"));
	}

	static JsonNode schema(EventType type) {
		String resource = "/dev/herald/events/schemas/" + type.wireName() + ".schema.json";
		try (InputStream in = DataSchemaTests.class.getResourceAsStream(resource)) {
			return Bodies.MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
