package dev.herald.events;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Sample bodies changed in one place or another, to see what the validator makes of them. */
final class Bodies {

	static final JsonMapper MAPPER = JsonMapper.shared();

	private final ObjectNode body;

	private Bodies(ObjectNode body) {
		this.body = body;
	}

	static Bodies sample(EventType type) {
		return new Bodies((ObjectNode) MAPPER.readTree(SampleEvents.json(type)));
	}

	/** Sets the member at a dotted path such as {@code data.lines.0.quantity}; the value is JSON text. */
	Bodies with(String path, String json) {
		JsonNode value = MAPPER.readTree(json);
		JsonNode parent = parent(path);
		String last = last(path);
		if (parent instanceof ArrayNode array) {
			array.set(Integer.parseInt(last), value);
		}
		else {
			((ObjectNode) parent).set(last, value);
		}
		return this;
	}

	/** Sets a string member. */
	Bodies withString(String path, String value) {
		return with(path, MAPPER.writeValueAsString(value));
	}

	Bodies without(String path) {
		((ObjectNode) parent(path)).remove(last(path));
		return this;
	}

	ObjectNode node() {
		return this.body;
	}

	String json() {
		return MAPPER.writeValueAsString(this.body);
	}

	private JsonNode parent(String path) {
		List<String> names = List.of(path.split("\\."));
		JsonNode node = this.body;
		for (String name : names.subList(0, names.size() - 1)) {
			node = node.isArray() ? node.get(Integer.parseInt(name)) : node.get(name);
		}
		return node;
	}

	private static String last(String path) {
		return path.substring(path.lastIndexOf('.') + 1);
	}

	/** The problems of a result, none when it is valid. */
	static List<Problem> problems(ValidationResult result) {
		return switch (result) {
			case ValidationResult.Valid valid -> List.of();
			case ValidationResult.Invalid(List<Problem> problems) -> problems;
		};
	}

}
