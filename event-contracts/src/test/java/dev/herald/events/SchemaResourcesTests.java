package dev.herald.events;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The schemas as they are published, for shops and for tools other than Herald's validator. */
class SchemaResourcesTests {

	@ParameterizedTest
	@ValueSource(strings = { "cloudevent", "common", "order.placed", "order.cancelled", "payment.succeeded",
			"payment.failed", "payment.refunded", "shipment.dispatched", "shipment.out_for_delivery",
			"shipment.delivered" })
	void publishesEachSchemaUnderItsOwnId(String name) throws IOException {
		JsonNode schema = read(name + ".schema.json");

		assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
		assertThat(schema.get("$id").asString()).isEqualTo(EventSchemas.BASE_ID + name + ".schema.json");
	}

	@Test
	void allowsExactlyTheEventTypesHeraldKnows() throws IOException {
		JsonNode envelope = read("cloudevent.schema.json");
		List<String> allowed = envelope.get("properties").get("type").get("enum").valueStream().map(JsonNode::asString).toList();

		assertThat(allowed).containsExactlyElementsOf(Arrays.stream(EventType.values()).map(EventType::wireName).toList());
		String dataRules = envelope.get("allOf").toString();
		for (EventType type : EventType.values()) {
			assertThat(dataRules).contains("\"const\":\"" + type.wireName() + "\"")
				.contains("\"" + type.wireName() + ".schema.json\"");
		}
	}

	@Test
	void letsShopsAddFieldsToEveryTypesData() throws IOException {
		for (EventType type : EventType.values()) {
			JsonNode schema = read(type.wireName() + ".schema.json");
			assertThat(schema.get("additionalProperties").asBoolean()).as(type.wireName()).isTrue();
			assertThat(schema.get("required").valueStream().map(JsonNode::asString)).contains("customer", "orderId");
		}
	}

	private static JsonNode read(String name) throws IOException {
		try (InputStream in = SchemaResourcesTests.class.getResourceAsStream("/" + EventSchemas.RESOURCES + name)) {
			assertThat(in).as(name).isNotNull();
			return Bodies.MAPPER.readTree(in);
		}
	}

}
