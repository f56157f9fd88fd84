package dev.herald.functions.rendering;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.events.CloudEvent;
import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.functions.rendering.RenderOutcome.Failed;
import dev.herald.functions.rendering.RenderOutcome.Rendered;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateRendererTests {

	static final String ORDER_PLACED_DATA = """
			{
			  "orderId": "ord-1042",
			  "customer": { "id": "c-7", "email": "ada@example.com", "name": "Ada Lovelace", "locale": "en-GB" },
			  "lines": [
			    { "sku": "TEA-01", "name": "Earl Grey", "quantity": 2, "unitPrice": 4.50 },
			    { "sku": "MUG-02", "name": "Mug", "quantity": 1, "unitPrice": 12.00 }
			  ],
			  "total": { "amount": 21.00, "currency": "GBP" },
			  "giftNote": null
			}
			""";

	/** Reads decimals as BigDecimal, trailing zeros kept, so prices render as written ("4.50", not "4.5"). */
	static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	private final TemplateRenderer renderer = new TemplateRenderer(RenderLimits.defaults());

	static CloudEvent orderPlaced(String data) {
		return new CloudEvent("1.0", "evt-1", "https://shop.example/orders", EventType.ORDER_PLACED,
				Instant.parse("2025-03-14T09:26:53Z"), "ord-1042", "application/json",
				JSON.readTree(data),
				new Customer("c-7", "ada@example.com", null, "en-GB", "Europe/London", "Ada Lovelace"));
	}

	static Map<String, Object> orderModel(String data) {
		return TemplateModel.of(orderPlaced(data),
				new TemplateModel.Recipient("Ada Lovelace", "ada@example.com", "en-GB"), "Tea & Co");
	}

	@Test
	void rendersAnOrderConfirmationWithLoopsAndFilters() {
		String template = """
				<h1>Thanks, {{ customer.name | upcase }}!</h1>
				<p>Order {{ data.orderId | upcase }} ({{ event.type }}) placed on {{ event.time | date: "%Y-%m-%d %H:%M" }}.</p>
				<ul>
				{%- for line in data.lines %}
				  <li>{{ forloop.index }}. {{ line.quantity }} × {{ line.name }} ({{ line.sku | downcase }}) at {{ line.unitPrice }}</li>
				{%- endfor %}
				</ul>
				<p>{{ data.lines | size }} lines, total {{ data.total.amount }} {{ data.total.currency }}</p>
				<p>{{ data.giftNote | default: "No gift note." }}</p>
				<small>{{ tenant.name }} to {{ recipient.address }}</small>
				""";

		RenderOutcome outcome = this.renderer.render(template, orderModel(ORDER_PLACED_DATA), Escaping.HTML);

		assertThat(outcome).isEqualTo(new Rendered("""
				<h1>Thanks, ADA LOVELACE!</h1>
				<p>Order ORD-1042 (order.placed) placed on 2025-03-14 09:26.</p>
				<ul>
				  <li>1. 2 × Earl Grey (tea-01) at 4.50</li>
				  <li>2. 1 × Mug (mug-02) at 12.00</li>
				</ul>
				<p>2 lines, total 21.00 GBP</p>
				<p>No gift note.</p>
				<small>Tea &amp; Co to ada@example.com</small>
				"""));
	}

	@Test
	void missingVariablesRenderAsEmpty() {
		RenderOutcome outcome = this.renderer.render("[{{ nothing }}|{{ data.nope.deeper }}|{{ customer.phone }}]",
				orderModel(ORDER_PLACED_DATA), Escaping.HTML);

		assertThat(outcome).isEqualTo(new Rendered("[||]"));
	}

	@Test
	void conditionsAndArithmeticWorkOnEventData() {
		String template = "{% if data.total.amount > 20 %}free shipping{% else %}shipping due{% endif %}, "
				+ "{{ data.lines[0].quantity | times: data.lines[0].unitPrice }}";

		RenderOutcome outcome = this.renderer.render(template, orderModel(ORDER_PLACED_DATA), Escaping.NONE);

		assertThat(outcome).isEqualTo(new Rendered("free shipping, 9.00"));
	}

	@Test
	void aNullModelRendersLikeAnEmptyOne() {
		assertThat(this.renderer.render("Hello {{ name }}!", null, Escaping.NONE)).isEqualTo(new Rendered("Hello !"));
	}

	@Test
	void aMissingTemplateFailsWithoutThrowing() {
		assertThat(this.renderer.render(null, Map.of(), Escaping.NONE)).isEqualTo(new Failed("template is missing"));
	}

	@Test
	void nonPlainModelValuesArriveAsPlainData() {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("when", Instant.parse("2025-03-14T09:26:53Z"));
		model.put("day", LocalDate.parse("2025-03-14"));
		model.put("type", EventType.SHIPMENT_DELIVERED);
		model.put("id", UUID.fromString("00000000-0000-0000-0000-000000000042"));
		model.put("count", 3);
		model.put("ratio", 0.25);
		model.put("flags", new boolean[] { true, false });
		model.put("tags", List.of("a", "b"));

		RenderOutcome outcome = this.renderer.render(
				"{{ when }}|{{ when | date: '%d.%m.%Y' }}|{{ day }}|{{ type }}|{{ id }}|{{ count | plus: 1 }}|{{ ratio }}"
						+ "|{{ flags | join: ',' }}|{{ tags | join: '+' }}",
				model, Escaping.NONE);

		assertThat(outcome).isEqualTo(new Rendered("2025-03-14T09:26:53Z|14.03.2025|2025-03-14|shipment.delivered"
				+ "|00000000-0000-0000-0000-000000000042|4|0.25|true,false|a+b"));
	}

	@Test
	void theCallersModelIsNotModified() {
		Map<String, Object> customer = new LinkedHashMap<>(Map.of("name", "<b>Ada</b>"));
		Map<String, Object> model = new LinkedHashMap<>(Map.of("customer", customer));

		this.renderer.render("{% assign customer = 'x' %}{{ customer }}", model, Escaping.HTML);

		assertThat(model).isEqualTo(Map.of("customer", Map.of("name", "<b>Ada</b>")));
	}

	@Test
	void oneRendererServesManyRenders() {
		for (int i = 0; i < 200; i++) {
			assertThat(this.renderer.render("{{ n | plus: 1 }}", Map.of("n", i), Escaping.NONE))
				.isEqualTo(new Rendered(String.valueOf(i + 1)));
		}
	}

}
