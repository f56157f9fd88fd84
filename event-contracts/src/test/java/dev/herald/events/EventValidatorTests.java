package dev.herald.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.herald.events.Bodies.problems;
import static dev.herald.events.Bodies.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class EventValidatorTests {

	private final EventValidator validator = new EventValidator();

	@ParameterizedTest
	@EnumSource(EventType.class)
	void acceptsTheSampleOfEveryType(EventType type) {
		ValidationResult result = this.validator.validate(SampleEvents.json(type));

		assertThat(problems(result)).isEmpty();
		CloudEvent event = ((ValidationResult.Valid) result).event();
		assertThat(event.type()).isEqualTo(type);
		assertThat(event.specversion()).isEqualTo("1.0");
		assertThat(event.datacontenttype()).isEqualTo("application/json");
		assertThat(event.customer().id()).isEqualTo(event.data().get("customer").get("id").asString());
	}

	@Test
	void readsTheEnvelopeAndTheCustomerOfAValidEvent() {
		ValidationResult result = this.validator.validate(SampleEvents.json(EventType.ORDER_PLACED));

		CloudEvent event = ((ValidationResult.Valid) result).event();
		assertThat(event.id()).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
		assertThat(event.source()).isEqualTo("https://dongne-market.example.com");
		assertThat(event.time()).isEqualTo(Instant.parse("2025-03-14T01:26:53Z"));
		assertThat(event.subject()).isEqualTo("ord_8f14e45fceea167a");
		assertThat(event.data().get("orderNumber").asString()).isEqualTo("DM-20250314-0042");
		assertThat(event.customer()).isEqualTo(new Customer("cus_20931", "minji.kim@example.com", "+821098765432",
				"ko-KR", "Asia/Seoul", "김민지"));
	}

	@Test
	void readsTimeWithAnOffsetAsTheSameInstant() {
		String json = sample(EventType.ORDER_PLACED).withString("time", "2025-03-14T10:26:53+09:00").json();

		CloudEvent event = ((ValidationResult.Valid) this.validator.validate(json)).event();

		assertThat(event.time()).isEqualTo(Instant.parse("2025-03-14T01:26:53Z"));
	}

	@Test
	void defaultsAnAbsentDataContentTypeAndSubject() {
		String json = sample(EventType.PAYMENT_SUCCEEDED).without("datacontenttype").without("subject").json();

		CloudEvent event = ((ValidationResult.Valid) this.validator.validate(json)).event();

		assertThat(event.datacontenttype()).isEqualTo("application/json");
		assertThat(event.subject()).isNull();
	}

	@Test
	void acceptsJsonWithUtf8CharsetAsDataContentType() {
		String json = sample(EventType.PAYMENT_SUCCEEDED).withString("datacontenttype", "application/json; charset=utf-8")
			.json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@Test
	void reportsEveryProblemWithItsPath() {
		String json = sample(EventType.ORDER_PLACED).withString("specversion", "0.3")
			.without("id")
			.withString("time", "yesterday")
			.withString("data.customer.email", "minji.kim@")
			.withString("data.customer.phone", "010-9876-5432")
			.with("data.lines.0.quantity", "-1")
			.with("data.lines.1.unitPrice", "32000")
			.withString("data.totals.currency", "krw")
			.without("data.orderNumber")
			.json();

		List<Problem> problems = problems(this.validator.validate(json));

		assertThat(problems).extracting(Problem::path)
			.containsExactlyInAnyOrder("$.specversion", "$.id", "$.time", "$.data.customer.email",
					"$.data.customer.phone", "$.data.lines[0].quantity", "$.data.lines[1].unitPrice",
					"$.data.totals.currency", "$.data.orderNumber");
		assertThat(problems).contains(new Problem("$.specversion", "must be \"1.0\""),
				new Problem("$.id", "is required"), new Problem("$.data.orderNumber", "is required"),
				new Problem("$.data.lines[0].quantity", "must be at least 1"));
	}

	@Test
	void explainsWhatIsExpectedInWordsAndExamples() {
		String json = sample(EventType.ORDER_PLACED).withString("data.customer.phone", "010-9876-5432")
			.with("data.lines.1.unitPrice", "32000")
			.json();

		assertThat(problems(this.validator.validate(json))).containsExactly(
				new Problem("$.data.customer.phone",
						"must be a phone number in E.164 form: +, country code and number, digits only, such as +821012345678"),
				new Problem("$.data.lines[1].unitPrice",
						"must be a decimal string with at most 4 decimals, such as \"49000\" or \"12.50\", not an integer"));
	}

	@Test
	void rejectsMissingSpecversion() {
		String json = sample(EventType.ORDER_PLACED).without("specversion").json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$.specversion", "is required"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"1.1\"", "\"0.3\"", "1.0", "\"\"", "null" })
	void rejectsWrongSpecversion(String specversion) {
		String json = sample(EventType.ORDER_PLACED).with("specversion", specversion).json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$.specversion", "must be \"1.0\""));
	}

	@Test
	void rejectsUnknownTypeListingTheAllowedTypes() {
		String json = sample(EventType.ORDER_PLACED).withString("type", "order.shipped").json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$.type",
				"\"order.shipped\" is not an event type Herald knows; use one of: order.placed, order.cancelled, "
						+ "payment.succeeded, payment.failed, payment.refunded, shipment.dispatched, "
						+ "shipment.out_for_delivery, shipment.delivered"));
	}

	@Test
	void reportsEnvelopeProblemsEvenWhenTheTypeIsUnknown() {
		String json = sample(EventType.ORDER_PLACED).withString("type", "Order.Placed").without("source").json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path).containsExactly("$.type", "$.source");
	}

	@Test
	void checksTheDataAgainstTheSchemaOfTheEventsOwnType() {
		// Order data sent as a payment: the payment's required fields are what is missing.
		String json = sample(EventType.ORDER_PLACED).withString("type", "payment.succeeded").json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path)
			.containsExactlyInAnyOrder("$.data.paymentId", "$.data.amount", "$.data.currency", "$.data.method",
					"$.data.paidAt");
	}

	@ParameterizedTest
	@ValueSource(strings = { "id", "source", "type", "time", "data" })
	void requiresEveryMandatoryAttribute(String attribute) {
		String json = sample(EventType.SHIPMENT_DELIVERED).without(attribute).json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem("$." + attribute, "is required"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"\"", "42", "null" })
	void rejectsAnIdThatIsNotANonEmptyString(String id) {
		String json = sample(EventType.SHIPMENT_DELIVERED).with("id", id).json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path).containsExactly("$.id");
	}

	@Test
	void rejectsAnIdLongerThan200Characters() {
		String json = sample(EventType.SHIPMENT_DELIVERED).withString("id", "e".repeat(201)).json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.id", "must be at most 200 characters long"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2025-03-14 01:26:53Z", "2025-03-14T01:26:53", "2025-03-14", "14/03/2025 10:26",
			"2025-02-30T01:26:53Z" })
	void rejectsTimesThatAreNotRfc3339(String time) {
		String json = sample(EventType.ORDER_PLACED).withString("time", time).json();

		assertThat(problems(this.validator.validate(json))).containsExactly(
				new Problem("$.time", "must be an RFC 3339 date-time with an offset, such as 2025-03-14T09:26:53Z"));
	}

	@Test
	void reportsALeapSecondAsAProblemRatherThanFailing() {
		String json = sample(EventType.ORDER_PLACED).withString("time", "2016-12-31T23:59:60Z").json();

		assertThat(problems(this.validator.validate(json))).extracting(Problem::path).containsExactly("$.time");
	}

	@Test
	void acceptsCloudEventsExtensionAttributes() {
		String json = sample(EventType.ORDER_CANCELLED).withString("traceparent", "00-abc-def-01")
			.with("sequence", "42")
			.with("replayed", "true")
			.json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "data_base64, $.data_base64", "traceParent, $.traceParent", "x-shop, $['x-shop']",
			"averyveryverylongattributename, $.averyveryverylongattributename" })
	void rejectsAttributesThatAreNoValidExtensionName(String name, String path) {
		String json = sample(EventType.ORDER_CANCELLED).withString(name, "x").json();

		assertThat(problems(this.validator.validate(json))).containsExactly(new Problem(path,
				"is not a CloudEvents attribute Herald knows, nor a valid extension attribute name "
						+ "(1 to 20 lowercase letters or digits)"));
	}

	@Test
	void rejectsExtensionAttributesThatAreObjects() {
		String json = sample(EventType.ORDER_CANCELLED).with("shop", "{\"id\": 1}").json();

		assertThat(problems(this.validator.validate(json))).containsExactly(
				new Problem("$.shop", "must be a string, an integer or a boolean, not an object"));
	}

	@Test
	void rejectsDataThatIsNotAnObjectOnce() {
		String json = sample(EventType.ORDER_PLACED).withString("data", "order 42").json();

		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$.data", "must be an object, not a string"));
	}

	@Test
	void acceptsFieldsTheShopAddsToData() {
		String json = sample(EventType.ORDER_PLACED).with("data.loyaltyPoints", "660")
			.with("data.gift", "{\"wrap\": true, \"message\": \"생일 축하해!\"}")
			.with("data.customer.tier", "\"gold\"")
			.json();

		assertThat(problems(this.validator.validate(json))).isEmpty();
	}

	@Test
	void keepsNumbersInFieldsTheShopAddedExactlyAsSent() {
		String json = SampleEvents.json(EventType.ORDER_PLACED)
			.replace("\"orderUrl\":", "\"weightKg\": 1.50, \"loyaltyId\": 123456789012345678901234567890, \"orderUrl\":");

		CloudEvent event = ((ValidationResult.Valid) this.validator.validate(json)).event();

		assertThat(event.data().get("weightKg").toString()).isEqualTo("1.50");
		assertThat(event.data().get("loyaltyId").toString()).isEqualTo("123456789012345678901234567890");
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void writesAValidatedEventBackAsTheSameEvent(EventType type) {
		CloudEvent event = ((ValidationResult.Valid) this.validator.validate(SampleEvents.json(type))).event();

		assertThat(this.validator.validate(event.toJson())).isEqualTo(new ValidationResult.Valid(event));
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void acceptsSamplesPostedAsBytes(EventType type) {
		ValidationResult result = this.validator.validate(SampleEvents.json(type).getBytes(StandardCharsets.UTF_8));

		assertThat(problems(result)).isEmpty();
	}

	@Test
	void reportsMalformedJsonWithLineAndColumn() {
		String json = """
				{
				  "specversion": "1.0",
				  "id": "42"
				  "source": "https://shop.example.com"
				}
				""";

		List<Problem> problems = problems(this.validator.validate(json));

		assertThat(problems).singleElement().satisfies((problem) -> {
			assertThat(problem.path()).isEqualTo("$");
			assertThat(problem.message()).startsWith("is not valid JSON at line 4, column 3: ");
		});
	}

	@Test
	void reportsMalformedBytesWithLineAndColumn() {
		byte[] json = "{\n  \"id\": \"\u00ff\"\n}".getBytes(StandardCharsets.ISO_8859_1);

		List<Problem> problems = problems(this.validator.validate(json));

		assertThat(problems).singleElement().satisfies((problem) -> {
			assertThat(problem.path()).isEqualTo("$");
			assertThat(problem.message()).startsWith("is not valid JSON at line 2, column ");
		});
	}

	@Test
	void rejectsDuplicateMembers() {
		String json = SampleEvents.json(EventType.ORDER_PLACED).replace("\"type\": \"order.placed\",",
				"\"type\": \"order.placed\",\n\t\"type\": \"order.cancelled\",");

		assertThat(problems(this.validator.validate(json))).singleElement()
			.satisfies((problem) -> assertThat(problem.message()).startsWith("is not valid JSON at line 6, column")
				.contains("type"));
	}

	@Test
	void rejectsContentAfterTheEvent() {
		String json = SampleEvents.json(EventType.ORDER_PLACED) + "{}";

		assertThat(problems(this.validator.validate(json))).singleElement()
			.satisfies((problem) -> assertThat(problem.message()).startsWith("is not valid JSON"));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "\n\t" })
	void reportsAnEmptyBody(String json) {
		assertThat(problems(this.validator.validate(json)))
			.containsExactly(new Problem("$", "is empty; expected a CloudEvents JSON object"));
	}

	@Test
	void reportsNullBytes() {
		assertThat(problems(this.validator.validate((byte[]) null)))
			.containsExactly(new Problem("$", "is empty; expected a CloudEvents JSON object"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "42", "\"order.placed\"", "null", "true" })
	void rejectsBodiesThatAreNoObject(String json) {
		assertThat(problems(this.validator.validate(json))).singleElement()
			.satisfies((problem) -> assertThat(problem.path()).isEqualTo("$"))
			.satisfies((problem) -> assertThat(problem.message()).startsWith("must be an object, not "));
	}

	@Test
	void rejectsAbsurdNestingWithAProblem() {
		String json = "[".repeat(100_000) + "]".repeat(100_000);

		assertThat(problems(this.validator.validate(json))).singleElement().satisfies((problem) -> {
			assertThat(problem.path()).isEqualTo("$");
			assertThat(problem.message()).isEqualTo("nests objects and arrays deeper than 64 levels at line 1, column 65");
		});
	}

	@Test
	void acceptsNestingUpTo64LevelsAndRejectsDeeper() {
		// The body and data are two levels; the rest is a field of the shop's own.
		String deepest = "{\"x\": ".repeat(62) + "1" + "}".repeat(62);
		String tooDeep = "{\"x\": ".repeat(63) + "1" + "}".repeat(63);

		assertThat(problems(this.validator.validate(sample(EventType.ORDER_PLACED).with("data.extra", deepest).json())))
			.isEmpty();
		assertThat(problems(this.validator.validate(sample(EventType.ORDER_PLACED).with("data.extra", tooDeep).json())))
			.extracting(Problem::path)
			.containsExactly("$");
	}

	@Test
	void checksHugeStringsWithoutFailing() {
		String huge = "9".repeat(3_000_000);
		String json = sample(EventType.ORDER_PLACED).withString("id", huge)
			.withString("source", "https://shop.example.com/" + huge)
			.withString("time", huge)
			.withString("data.customer.email", huge + "@example.com")
			.withString("data.customer.phone", "+" + huge)
			.withString("data.customer.locale", "ko" + "-KR".repeat(1_000_000))
			.withString("data.customer.timeZone", "Asia" + "/Seoul".repeat(500_000))
			.withString("data.lines.0.unitPrice", huge + ".")
			.withString("data.orderUrl", "https://shop.example.com/" + "a/".repeat(1_000_000))
			.withString("data.note", huge)
			.json();

		List<Problem> problems = problems(this.validator.validate(json));

		assertThat(problems).extracting(Problem::path)
			.contains("$.id", "$.source", "$.time", "$.data.customer.email", "$.data.customer.phone",
					"$.data.customer.locale", "$.data.customer.timeZone", "$.data.lines[0].unitPrice",
					"$.data.orderUrl")
			.doesNotContain("$.data.note");
		assertThat(problems).allSatisfy((problem) -> assertThat(problem.message()).hasSizeLessThan(300));
	}

	@Test
	void quotesOnlyTheStartOfAHugeUnknownType() {
		String json = sample(EventType.ORDER_PLACED).withString("type", "x".repeat(1_000_000)).json();

		assertThat(problems(this.validator.validate(json))).singleElement()
			.satisfies((problem) -> assertThat(problem.message()).startsWith("\"" + "x".repeat(60) + "…\" is not"));
	}

	@Test
	void neverThrowsOnAnyPrefixOfAnEvent() {
		String json = SampleEvents.json(EventType.ORDER_PLACED).strip();

		assertThatNoException().isThrownBy(() -> {
			for (int end = 0; end < json.length(); end++) {
				assertThat(problems(this.validator.validate(json.substring(0, end)))).isNotEmpty();
			}
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "}", "{\"a\":}", "\u0000", "\uFEFF{}", "{\"data\": NaN}", "{'id': 1}",
			"{\"id\": 1e999999999}", "[1,2,", "\"\\u12\"", "{\"type\": {\"$ref\": \"http://localhost/\"}}" })
	void neverThrowsOnGarbage(String json) {
		assertThat(problems(this.validator.validate(json))).isNotEmpty();
	}

	@Test
	void validatesFromManyThreadsAtOnce() throws Exception {
		List<String> bodies = IntStream.range(0, 400)
			.mapToObj((i) -> (i % 2 == 0) ? SampleEvents.json(EventType.values()[i % 8], "event-" + i)
					: sample(EventType.values()[i % 8]).withString("data.customer.email", "nobody").json())
			.toList();
		try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
			List<Future<ValidationResult>> results = bodies.stream()
				.map((body) -> executor.submit(() -> this.validator.validate(body)))
				.toList();
			for (int i = 0; i < results.size(); i++) {
				ValidationResult result = results.get(i).get();
				if (i % 2 == 0) {
					assertThat(result).isInstanceOfSatisfying(ValidationResult.Valid.class,
							(valid) -> assertThat(valid.event().id()).startsWith("event-"));
				}
				else {
					assertThat(problems(result)).extracting(Problem::path).containsExactly("$.data.customer.email");
				}
			}
		}
	}

	@Test
	void refusesTheNulCharacterWhichPostgresqlCannotStoreAtItsPath() {
		ObjectNode event = (ObjectNode) JsonMapper.builder().build().readTree(SampleEvents.json(EventType.ORDER_PLACED));
		((ObjectNode) event.get("data").get("customer")).put("name", "A\0B");
		String body = event.toString();
		assertThat(body).contains("\\u0000");

		ValidationResult result = this.validator.validate(body);

		assertThat(result).isInstanceOfSatisfying(ValidationResult.Invalid.class, (invalid) -> assertThat(invalid.problems())
			.anySatisfy((problem) -> {
				assertThat(problem.path()).isEqualTo("$.data.customer.name");
				assertThat(problem.message()).contains("NUL");
			}));
	}

}
