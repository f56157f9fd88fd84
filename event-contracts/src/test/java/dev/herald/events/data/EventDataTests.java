package dev.herald.events.data;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.herald.events.CloudEvent;
import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.EventValidator;
import dev.herald.events.SampleEvents;
import dev.herald.events.ValidationResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class EventDataTests {

	private static final EventValidator validator = new EventValidator();

	private static final Customer minji = new Customer("cus_20931", "minji.kim@example.com", "+821098765432", "ko-KR",
			"Asia/Seoul", "김민지");

	@ParameterizedTest
	@EnumSource(EventType.class)
	void readsTheDataOfEverySampleAsTheRecordOfItsType(EventType type) {
		CloudEvent event = valid(SampleEvents.json(type));

		EventData data = EventData.read(event);

		assertThat(data).isInstanceOf(EventData.recordType(type));
		assertThat(data.type()).isEqualTo(type);
		assertThat(data.customer()).isEqualTo(event.customer());
		assertThat(data.orderId()).isEqualTo(event.subject());
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void writesEverySamplesDataBackExactlyAsItWasSent(EventType type) {
		CloudEvent event = valid(SampleEvents.json(type));

		JsonNode written = EventData.read(event).toJson();

		assertThat(written).isEqualTo(event.data());
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void rebuildsEverySampleFromItsRecord(EventType type) {
		CloudEvent sample = valid(SampleEvents.json(type));

		CloudEvent rebuilt = valid(CloudEvent.of(sample.id(), sample.source(), sample.time(), EventData.read(sample)).toJson());

		assertThat(rebuilt).isEqualTo(sample);
	}

	@Test
	void readsTheFieldsOfAnOrder() {
		OrderPlaced order = EventData.read(valid(SampleEvents.json(EventType.ORDER_PLACED)), OrderPlaced.class);

		assertThat(order.customer()).isEqualTo(minji);
		assertThat(order.placedAt()).isEqualTo(Instant.parse("2025-03-14T01:26:50Z"));
		assertThat(order.lines()).containsExactly(
				new OrderLine("TEA-JEJU-GREEN-100G", "제주 유기농 녹차 100g", 2, new BigDecimal("18000"), new BigDecimal("36000")),
				new OrderLine("MUG-CELADON-350", "청자 머그컵 350ml", 1, new BigDecimal("32000"), new BigDecimal("32000")));
		assertThat(order.totals()).isEqualTo(new Totals("KRW", new BigDecimal("68000"), new BigDecimal("3000"),
				BigDecimal.ZERO, new BigDecimal("5000"), new BigDecimal("66000")));
		assertThat(order.shippingAddress().country()).isEqualTo("KR");
		assertThat(order.orderUrl()).isEqualTo(URI.create("https://dongne-market.example.com/orders/DM-20250314-0042"));
	}

	@Test
	void keepsTheScaleOfMoney() {
		PaymentRefunded refund = EventData.read(valid(SampleEvents.json(EventType.PAYMENT_REFUNDED)),
				PaymentRefunded.class);

		assertThat(refund.amount()).isEqualTo(new BigDecimal("84.50"));
		assertThat(refund.toJson().get("amount").asString()).isEqualTo("84.50");
	}

	@Test
	void ignoresFieldsTheShopAdded() {
		CloudEvent event = valid(SampleEvents.json(EventType.SHIPMENT_DELIVERED)
			.replace("\"deliveredTo\": \"현관 앞\"", "\"deliveredTo\": \"현관 앞\", \"photoUrl\": \"https://x.example.com/p.jpg\""));

		ShipmentDelivered delivered = EventData.read(event, ShipmentDelivered.class);

		assertThat(delivered.deliveredTo()).isEqualTo("현관 앞");
	}

	@Test
	void refusesToReadDataAsTheRecordOfAnotherType() {
		CloudEvent event = valid(SampleEvents.json(EventType.PAYMENT_FAILED));

		assertThatIllegalArgumentException().isThrownBy(() -> EventData.read(event, PaymentSucceeded.class))
			.withMessageContaining("payment.failed");
	}

	@Test
	void refusesToReadDataThatDoesNotFitTheRecord() {
		JsonNode data = JsonMapper.shared().readTree("{\"orderId\": \"o-1\"}");

		assertThatIllegalArgumentException().isThrownBy(() -> EventData.read(EventType.ORDER_PLACED, data));
		assertThatIllegalArgumentException().isThrownBy(() -> EventData.read(EventType.ORDER_PLACED, null));
	}

	@Test
	void buildsAValidEventFromARecord() {
		var payment = new PaymentSucceeded(minji, "ord_1", "pay_1", new BigDecimal("1E+4"), "KRW", PaymentMethod.WALLET,
				null, Instant.parse("2025-03-14T01:27:10.250Z"));

		CloudEvent event = CloudEvent.of("evt-1", "https://dongne-market.example.com", Instant.parse("2025-03-14T01:27:12Z"),
				payment);
		ValidationResult result = validator.validate(event.toJson());

		assertThat(result).isInstanceOfSatisfying(ValidationResult.Valid.class,
				(valid) -> assertThat(valid.event()).isEqualTo(event));
		assertThat(event.subject()).isEqualTo("ord_1");
		assertThat(event.type()).isEqualTo(EventType.PAYMENT_SUCCEEDED);
		// Money as a plain decimal string, absent fields left out, times in RFC 3339.
		assertThat(event.data().get("amount").asString()).isEqualTo("10000");
		assertThat(event.data().get("method").asString()).isEqualTo("wallet");
		assertThat(event.data().has("last4")).isFalse();
		assertThat(event.data().get("paidAt").asString()).isEqualTo("2025-03-14T01:27:10.250Z");
	}

	@Test
	void buildsEventsOfEveryShapeThatValidate() {
		Customer oliver = new Customer("c-77215", "oliver.bennett@example.com", null, "en-GB", "Europe/London", "Oliver Bennett");
		List<EventData> all = List.of(
				new OrderPlaced(oliver, "o-1", "NW-1", Instant.parse("2025-03-15T10:00:00Z"),
						List.of(new OrderLine("SKU-1", "Wool scarf", 1, new BigDecimal("39.00"), new BigDecimal("39.00"))),
						new Totals("GBP", new BigDecimal("39.00"), null, null, null, new BigDecimal("39.00")),
						new Address("Oliver Bennett", "221B Baker Street", null, "London", "NW1 6XE", null, "GB"),
						null),
				new OrderCancelled(oliver, "o-1", "NW-1", Instant.parse("2025-03-15T11:00:00Z"), null, null, null),
				new PaymentFailed(oliver, "o-1", "p-1", new BigDecimal("39.00"), "GBP", PaymentMethod.CARD,
						"Card expired", null, URI.create("https://shop.example.com/pay/o-1")),
				new PaymentRefunded(oliver, "o-1", "p-1", "r-1", new BigDecimal("10"), "GBP", null,
						Instant.parse("2025-03-16T09:00:00Z")),
				new ShipmentDispatched(oliver, "o-1", "s-1", "Royal Mail", "RM123456785GB", null,
						LocalDate.parse("2025-03-18"), List.of(new ShipmentItem("SKU-1", "Wool scarf", 1))),
				new ShipmentOutForDelivery(oliver, "o-1", "s-1", "Royal Mail", "RM123456785GB", null,
						new TimeWindow(Instant.parse("2025-03-18T08:00:00Z"), Instant.parse("2025-03-18T12:00:00Z"))),
				new ShipmentDelivered(oliver, "o-1", "s-1", "Royal Mail", "RM123456785GB",
						Instant.parse("2025-03-18T09:41:00Z"), null));

		for (EventData data : all) {
			String json = CloudEvent.of("evt-" + data.type(), "https://shop.example.com", Instant.now(), data).toJson();
			assertThat(validator.validate(json)).as(json).isInstanceOf(ValidationResult.Valid.class);
		}
	}

	@Test
	void refusesToBuildRecordsWithoutRequiredFields() {
		assertThatNullPointerException()
			.isThrownBy(() -> new ShipmentDelivered(minji, "o-1", "s-1", "CJ대한통운", "1234", null, null))
			.withMessage("deliveredAt");
		assertThatNullPointerException()
			.isThrownBy(() -> new OrderCancelled(minji, "o-1", "1", Instant.now(), null, BigDecimal.ONE, null));
	}

	@Test
	void mapsEveryEventTypeToARecord() {
		assertThat(Arrays.stream(EventType.values()).map(EventData::recordType))
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrder(OrderPlaced.class, OrderCancelled.class, PaymentSucceeded.class,
					PaymentFailed.class, PaymentRefunded.class, ShipmentDispatched.class, ShipmentOutForDelivery.class,
					ShipmentDelivered.class);
		assertThat(EventData.class.getPermittedSubclasses()).hasSize(EventType.values().length);
	}

	@Test
	void namesPaymentMethodsAsTheSchemasDo() throws Exception {
		JsonNode schema;
		try (var in = getClass().getResourceAsStream("/dev/herald/events/schemas/payment.succeeded.schema.json")) {
			schema = JsonMapper.shared().readTree(in);
		}
		List<String> allowed = schema.get("properties").get("method").get("enum").valueStream().map(JsonNode::asString).toList();

		assertThat(Arrays.stream(PaymentMethod.values()).map(PaymentMethod::wireName)).containsExactlyElementsOf(allowed);
	}

	private static CloudEvent valid(String json) {
		ValidationResult result = validator.validate(json);
		assertThat(result).isInstanceOf(ValidationResult.Valid.class);
		return ((ValidationResult.Valid) result).event();
	}

}
