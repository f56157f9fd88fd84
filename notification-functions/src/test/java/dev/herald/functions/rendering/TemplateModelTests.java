package dev.herald.functions.rendering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.herald.events.CloudEvent;
import dev.herald.events.Customer;
import dev.herald.events.EventType;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateModelTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theModelHoldsEventDataCustomerRecipientAndTenant() {
		Map<String, Object> model = TemplateModel.of(
				TemplateRendererTests.orderPlaced(TemplateRendererTests.ORDER_PLACED_DATA),
				new TemplateModel.Recipient("Ada", "ada@example.com", "en-GB"), "Tea & Co");

		assertThat(model).containsOnlyKeys("event", "data", "customer", "recipient", "tenant");
		assertThat(model.get("event")).isEqualTo(Map.of("id", "evt-1", "type", "order.placed", "source",
				"https://shop.example/orders", "time", "2025-03-14T09:26:53Z", "subject", "ord-1042"));
		assertThat(model.get("customer")).isEqualTo(
				Map.of("id", "c-7", "email", "ada@example.com", "name", "Ada Lovelace", "locale", "en-GB"));
		assertThat(model.get("recipient"))
			.isEqualTo(Map.of("name", "Ada", "address", "ada@example.com", "locale", "en-GB"));
		assertThat(model.get("tenant")).isEqualTo(Map.of("name", "Tea & Co"));
		assertThat(model.get("data")).isInstanceOfSatisfying(Map.class,
				(data) -> assertThat(data.get("lines")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(2));
	}

	@Test
	void theCustomerComesFromTheEventWhenDataHasNone() {
		CloudEvent event = new CloudEvent("1.0", "evt-2", "shop", EventType.PAYMENT_FAILED,
				Instant.parse("2025-01-01T00:00:00Z"), null, "application/json", JSON.readTree("{\"amount\": 5}"),
				new Customer("c-1", "bo@example.com", null, null, "Asia/Seoul", "Bo"));

		Map<String, Object> model = TemplateModel.of(event, new TemplateModel.Recipient(null, "bo@example.com", null),
				"Shop");

		assertThat(model.get("customer"))
			.isEqualTo(Map.of("id", "c-1", "email", "bo@example.com", "timeZone", "Asia/Seoul", "name", "Bo"));
		assertThat(model.get("event")).isEqualTo(Map.of("id", "evt-2", "type", "payment.failed", "source", "shop",
				"time", "2025-01-01T00:00:00Z"));
		assertThat(model.get("recipient")).isEqualTo(Map.of("address", "bo@example.com"));
	}

	@Test
	void jsonBecomesPlainMapsListsAndValues() {
		JsonNode node = JSON.readTree("""
				{"s": "text", "i": 42, "big": 123456789012345678901234567890, "d": 4.25, "t": true, "f": false,
				 "n": null, "a": [1, "two", [3]], "o": {"k": "v"}}
				""");

		Object plain = TemplateModel.plain(node);

		assertThat(plain).isInstanceOf(Map.class);
		Map<?, ?> map = (Map<?, ?>) plain;
		assertThat(map.get("s")).isEqualTo("text");
		assertThat(map.get("i")).isEqualTo(42L);
		assertThat(map.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
		assertThat(map.get("d")).isEqualTo(new BigDecimal("4.25"));
		assertThat(map.get("t")).isEqualTo(true);
		assertThat(map.get("f")).isEqualTo(false);
		assertThat(map.containsKey("n")).isTrue();
		assertThat(map.get("n")).isNull();
		assertThat(map.get("a")).isEqualTo(List.of(1L, "two", List.of(3L)));
		assertThat(map.get("o")).isEqualTo(Map.of("k", "v"));
	}

	@Test
	void scalarsAndNullConvertToo() {
		assertThat(TemplateModel.plain(null)).isNull();
		assertThat(TemplateModel.plain(JsonNodeFactory.instance.nullNode())).isNull();
		assertThat(TemplateModel.plain(JsonNodeFactory.instance.stringNode("x"))).isEqualTo("x");
		assertThat(TemplateModel.plain(JsonNodeFactory.instance.binaryNode(new byte[] { 1, 2, 3 }))).isEqualTo("AQID");
		assertThat(TemplateModel.plain(JsonNodeFactory.instance.pojoNode(new Object()))).isNull();
	}

	@Test
	void depthIsCapped() {
		String deep = "{\"a\":".repeat(40) + "\"bottom\"" + "}".repeat(40);

		Object plain = TemplateModel.plain(JSON.readTree(deep));

		int depth = 0;
		Object current = plain;
		while (current instanceof Map<?, ?> map) {
			depth++;
			current = map.get("a");
		}
		assertThat(depth).isEqualTo(TemplateModel.MAX_DEPTH);
		assertThat(current).isNull();
	}

	@Test
	void theModelRendersEndToEnd() {
		Map<String, Object> model = TemplateModel.of(
				TemplateRendererTests.orderPlaced(TemplateRendererTests.ORDER_PLACED_DATA),
				new TemplateModel.Recipient("Ada", "ada@example.com", "en-GB"), "Tea & Co");

		RenderOutcome outcome = new TemplateRenderer(RenderLimits.defaults()).render(
				"{{ recipient.name }}, {{ data.lines[1].name }}, {{ customer.email }}, {{ tenant.name }}", model,
				Escaping.NONE);

		assertThat(outcome).isEqualTo(new RenderOutcome.Rendered("Ada, Mug, ada@example.com, Tea & Co"));
	}

}
