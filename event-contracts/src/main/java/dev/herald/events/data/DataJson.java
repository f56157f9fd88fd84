package dev.herald.events.data;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.ser.std.StdSerializer;

/** Maps the data records to and from JSON the way the schemas describe it. */
final class DataJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		// Shops add fields of their own; the records keep what Herald knows.
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		// Fields in the order the records declare them, which is the order people read them in.
		.disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
		// Optional fields are left out rather than sent as null: the schemas type them as strings.
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		// Money travels as decimal strings such as "12.50", never as JSON numbers nor in 1.2E+3 notation.
		.addModule(new SimpleModule("herald-money").addSerializer(BigDecimal.class, new PlainDecimalString()))
		.build();

	private DataJson() {
	}

	static ObjectNode write(EventData data) {
		return MAPPER.valueToTree(data);
	}

	static <T> T read(JsonNode data, Class<T> type) {
		if (data == null || !data.isObject()) {
			throw new IllegalArgumentException("The data of a " + type.getSimpleName() + " must be a JSON object");
		}
		try {
			return MAPPER.treeToValue(data, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The data does not fit " + type.getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

	private static final class PlainDecimalString extends StdSerializer<BigDecimal> {

		PlainDecimalString() {
			super(BigDecimal.class);
		}

		@Override
		public void serialize(BigDecimal value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(value.toPlainString());
		}

	}

}
