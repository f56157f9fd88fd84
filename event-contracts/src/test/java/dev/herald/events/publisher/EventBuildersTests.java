package dev.herald.events.publisher;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.herald.events.CloudEvent;
import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.EventValidator;
import dev.herald.events.Problem;
import dev.herald.events.SampleEvents;
import dev.herald.events.ValidationResult;
import dev.herald.events.data.Address;
import dev.herald.events.data.PaymentMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventBuildersTests {

	private static final EventValidator validator = new EventValidator();

	private static final Instant NOW = Instant.parse("2025-03-14T01:27:00Z");

	private final EventBuilders events = EventBuilders.from("https://dongne-market.example.com",
			Clock.fixed(NOW, ZoneOffset.UTC));

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everyTypeBuiltWithAllItsFieldsValidatesAgainstHeraldsValidator(EventType type) {
		CloudEvent built = Events.full(this.events, type).build();

		CloudEvent validated = valid(built.toJson());
		assertThat(validated).isEqualTo(built);
		assertThat(validated.type()).isEqualTo(type);
		assertThat(validated.source()).isEqualTo("https://dongne-market.example.com");
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everyTypeBuiltWithOnlyItsRequiredFieldsValidatesAgainstHeraldsValidator(EventType type) {
		CloudEvent built = Events.minimal(this.events, type).build();

		assertThat(valid(built.toJson())).isEqualTo(built);
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everyTypeBuiltWithNothingNamesEveryMissingFieldByItsJsonPath(EventType type) {
		EventBuilder<?> empty = switch (type) {
			case ORDER_PLACED -> this.events.orderPlaced();
			case ORDER_CANCELLED -> this.events.orderCancelled();
			case PAYMENT_SUCCEEDED -> this.events.paymentSucceeded();
			case PAYMENT_FAILED -> this.events.paymentFailed();
			case PAYMENT_REFUNDED -> this.events.paymentRefunded();
			case SHIPMENT_DISPATCHED -> this.events.shipmentDispatched();
			case SHIPMENT_OUT_FOR_DELIVERY -> this.events.shipmentOutForDelivery();
			case SHIPMENT_DELIVERED -> this.events.shipmentDelivered();
		};

		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(empty::build).satisfies((ex) -> {
			assertThat(ex.type()).isEqualTo(type);
			assertThat(ex.problems()).contains(new Problem("$.data.customer.id", "is required"),
					new Problem("$.data.orderId", "is required"),
					new Problem("$.data.customer", "needs an email or a phone, so that Herald can reach the customer"));
			assertThat(ex.getMessage()).startsWith("The " + type + " event is not valid: ")
				.contains("$.data.orderId is required");
		});
	}

	@Test
	void anOrderWithoutLinesNumberOrTotalsNamesEachOfThem() {
		var order = this.events.orderPlaced().customer("cus_1").customerEmail("minji.kim@example.com").orderId("ord_1");

		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(order::build)
			.satisfies((ex) -> assertThat(ex.problems()).containsExactly(
					new Problem("$.data.orderNumber", "is required"), new Problem("$.data.placedAt", "is required"),
					new Problem("$.data.lines", "is required, with at least one item"),
					new Problem("$.data.totals.currency", "is required"),
					new Problem("$.data.totals.subtotal", "is required"),
					new Problem("$.data.totals.total", "is required")));
	}

	@Test
	void aValueHeraldWouldRefuseFailsTheBuildWithHeraldsOwnWords() {
		var payment = Events.minimal(this.events, EventType.PAYMENT_SUCCEEDED);
		((PaymentSucceededBuilder) payment).amount("66000", "krw").customerPhone("010-9876-5432");

		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(payment::build)
			.satisfies((ex) -> assertThat(ex.problems()).extracting(Problem::path)
				.containsExactlyInAnyOrder("$.data.currency", "$.data.customer.phone"))
			.withMessageContaining("$.data.currency must be an ISO 4217 currency code in capitals");
	}

	@Test
	void anEventLargerThanHeraldAcceptsFailsTheBuild() {
		OrderPlacedBuilder order = (OrderPlacedBuilder) Events.minimal(this.events, EventType.ORDER_PLACED);
		for (int i = 0; i < 300; i++) {
			order.line("SKU-" + i, "Tea bowl " + "x".repeat(1000), 1, "18000", "18000");
		}

		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(order::build)
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.satisfies((problem) -> assertThat(problem.message()).endsWith("more than the 262144 (256 KiB) Herald accepts")));
	}

	@Test
	void anAmountThatIsNoDecimalIsRefusedWhereItIsGiven() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.events.paymentSucceeded().amount("12,50", "EUR"))
			.withMessage("amount must be a decimal amount such as \"12.50\", not \"12,50\"");
	}

	@Test
	void theEventIdIsAUuidFixedWhenTheEventIsBuilt() {
		CloudEvent event = Events.minimal(this.events, EventType.SHIPMENT_DELIVERED).build();

		assertThat(UUID.fromString(event.id()).version()).isEqualTo(4);
		assertThat(valid(event.toJson()).id()).isEqualTo(event.id());
		assertThat(valid(event.toJson()).id()).isEqualTo(event.id());
		assertThat(Events.minimal(this.events, EventType.SHIPMENT_DELIVERED).build().id()).isNotEqualTo(event.id());
	}

	@Test
	void anIdTimeSourceAndSubjectGivenAreKept() {
		CloudEvent event = Events.minimal(this.events, EventType.ORDER_CANCELLED)
			.id("outbox-4711")
			.time(Instant.parse("2025-03-15T10:42:08Z"))
			.source("/shops/north")
			.subject("cancellation of ord_1")
			.build();

		assertThat(event.id()).isEqualTo("outbox-4711");
		assertThat(event.time()).isEqualTo(Instant.parse("2025-03-15T10:42:08Z"));
		assertThat(event.source()).isEqualTo("/shops/north");
		assertThat(event.subject()).isEqualTo("cancellation of ord_1");
	}

	@Test
	void withoutATimeTheEventHappensNowAndItsSubjectIsTheOrder() {
		CloudEvent event = Events.minimal(this.events, EventType.ORDER_CANCELLED).build();

		assertThat(event.time()).isEqualTo(NOW);
		assertThat(event.subject()).isEqualTo("ord_8f14e45fceea167a");
	}

	@Test
	void buildsTheSampleOrderExactlyAsTheSampleIs() {
		CloudEvent sample = valid(SampleEvents.json(EventType.ORDER_PLACED));

		CloudEvent built = Events.full(this.events, EventType.ORDER_PLACED)
			.id(sample.id())
			.time(sample.time())
			.build();

		assertThat(built.data()).isEqualTo(sample.data());
		assertThat(built.customer()).isEqualTo(sample.customer());
	}

	@Test
	void aCustomerCanBeGivenAsARecord() {
		Customer customer = new Customer("c-80433", null, "+12025550143", "en-US", "America/New_York", "Emily Carter");

		CloudEvent event = this.events.shipmentDelivered()
			.customer(customer)
			.orderId("ord_1049311")
			.shipmentId("shp_1")
			.carrier("UPS")
			.trackingNumber("1Z999")
			.deliveredAt(NOW)
			.build();

		assertThat(event.customer()).isEqualTo(customer);
	}

	@Test
	void aSourceIsRequired() {
		assertThatIllegalArgumentException().isThrownBy(() -> EventBuilders.from(" "))
			.withMessageContaining("must name the shop");
	}

	private static CloudEvent valid(String json) {
		return switch (validator.validate(json)) {
			case ValidationResult.Valid(CloudEvent event) -> event;
			case ValidationResult.Invalid invalid -> throw new AssertionError("Invalid: " + invalid.problems() + "\n" + json);
		};
	}

	/** Builders filled in for each type, as a shop would. */
	static final class Events {

		static EventBuilder<?> minimal(EventBuilders events, EventType type) {
			return switch (type) {
				case ORDER_PLACED -> customer(events.orderPlaced()).orderNumber("DM-1")
					.placedAt(NOW)
					.line("TEA", "Tea", 1, "18000", "18000")
					.currency("KRW")
					.subtotal("18000")
					.total("18000");
				case ORDER_CANCELLED -> customer(events.orderCancelled()).orderNumber("DM-1").cancelledAt(NOW);
				case PAYMENT_SUCCEEDED -> customer(events.paymentSucceeded()).paymentId("pay_1")
					.amount("18000", "KRW")
					.method(PaymentMethod.CARD)
					.paidAt(NOW);
				case PAYMENT_FAILED -> customer(events.paymentFailed()).paymentId("pay_1")
					.amount("18000", "KRW")
					.method(PaymentMethod.VIRTUAL_ACCOUNT)
					.failureReason("The transfer did not arrive in time.");
				case PAYMENT_REFUNDED -> customer(events.paymentRefunded()).paymentId("pay_1")
					.refundId("re_1")
					.amount("18000", "KRW")
					.refundedAt(NOW);
				case SHIPMENT_DISPATCHED -> customer(events.shipmentDispatched()).shipmentId("shp_1")
					.carrier("CJ대한통운")
					.trackingNumber("568912340017");
				case SHIPMENT_OUT_FOR_DELIVERY -> customer(events.shipmentOutForDelivery()).shipmentId("shp_1")
					.carrier("CJ대한통운")
					.trackingNumber("568912340017");
				case SHIPMENT_DELIVERED -> customer(events.shipmentDelivered()).shipmentId("shp_1")
					.carrier("CJ대한통운")
					.trackingNumber("568912340017")
					.deliveredAt(NOW);
			};
		}

		static EventBuilder<?> full(EventBuilders events, EventType type) {
			return switch (type) {
				case ORDER_PLACED -> fullCustomer(events.orderPlaced()).orderNumber("DM-20250314-0042")
					.placedAt(Instant.parse("2025-03-14T01:26:50Z"))
					.line("TEA-JEJU-GREEN-100G", "제주 유기농 녹차 100g", 2, "18000", "36000")
					.line("MUG-CELADON-350", "청자 머그컵 350ml", 1, "32000", "32000")
					.currency("KRW")
					.subtotal("68000")
					.shipping("3000")
					.tax("0")
					.discount("5000")
					.total("66000")
					.shippingAddress(new Address("김민지", "테헤란로 152", "강남파이낸스센터 21층", "강남구", "06236", "서울특별시", "KR"))
					.orderUrl("https://dongne-market.example.com/orders/DM-20250314-0042");
				case ORDER_CANCELLED -> fullCustomer(events.orderCancelled()).orderNumber("DM-1")
					.cancelledAt(NOW)
					.reason("Cancelled at the customer's request before dispatch.")
					.refund("84.50", "KRW");
				case PAYMENT_SUCCEEDED -> fullCustomer(events.paymentSucceeded()).paymentId("pay_1")
					.amount("66000", "KRW")
					.method(PaymentMethod.CARD)
					.last4("4242")
					.paidAt(NOW);
				case PAYMENT_FAILED -> fullCustomer(events.paymentFailed()).paymentId("pay_1")
					.amount("129.99", "USD")
					.method(PaymentMethod.CARD)
					.failureReason("Your card was declined by the issuing bank.")
					.failureCode("card_declined")
					.retryUrl("https://dongne-market.example.com/checkout/ord_1/pay");
				case PAYMENT_REFUNDED -> fullCustomer(events.paymentRefunded()).paymentId("pay_1")
					.refundId("re_1")
					.amount("84.50", "GBP")
					.reason("Order cancelled before dispatch.")
					.refundedAt(NOW);
				case SHIPMENT_DISPATCHED -> fullCustomer(events.shipmentDispatched()).shipmentId("shp_1")
					.carrier("CJ대한통운")
					.trackingNumber("568912340017")
					.trackingUrl("https://tracking.example.com/cj-logistics/568912340017")
					.estimatedDelivery(LocalDate.parse("2025-03-17"))
					.item("TEA-JEJU-GREEN-100G", "제주 유기농 녹차 100g", 2);
				case SHIPMENT_OUT_FOR_DELIVERY -> fullCustomer(events.shipmentOutForDelivery()).shipmentId("shp_1")
					.carrier("UPS")
					.trackingNumber("1Z999AA10123456784")
					.trackingUrl("https://track.example.com/ups/1Z999AA10123456784")
					.expectedWindow(Instant.parse("2025-03-18T16:00:00Z"), Instant.parse("2025-03-18T20:00:00Z"));
				case SHIPMENT_DELIVERED -> fullCustomer(events.shipmentDelivered()).shipmentId("shp_1")
					.carrier("우체국택배")
					.trackingNumber("6071234567890")
					.deliveredAt(NOW)
					.deliveredTo("현관 앞");
			};
		}

		private static <B extends EventBuilder<B>> B customer(B builder) {
			return builder.customer("cus_20931").customerEmail("minji.kim@example.com").orderId("ord_8f14e45fceea167a");
		}

		private static <B extends EventBuilder<B>> B fullCustomer(B builder) {
			return customer(builder).customerPhone("+821098765432")
				.customerLocale("ko-KR")
				.customerTimeZone("Asia/Seoul")
				.customerName("김민지");
		}

	}

}
