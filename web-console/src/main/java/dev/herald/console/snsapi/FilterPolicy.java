package dev.herald.console.snsapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SNS subscription filter policy, matched as SNS documents it: each key of the policy must match (AND), and a key
 * matches when any of its conditions does (OR). Conditions are exact strings and numbers, {@code prefix},
 * {@code suffix}, {@code equals-ignore-case}, {@code anything-but} (values, or a prefix/suffix), {@code numeric}
 * ranges and {@code exists}. An attribute that is an array ({@code String.Array}) matches when any of its elements
 * does. Strings match only string attributes and numbers only {@code Number} attributes; {@code Binary} attributes
 * are not matched by filter policies, as in SNS. With scope {@code MessageBody} the policy is matched against the
 * message's JSON, its nested objects against the body's nested objects.
 */
final class FilterPolicy {

	static final String ATTRIBUTES = "MessageAttributes";

	static final String BODY = "MessageBody";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> NUMERIC_OPERATORS = Set.of("=", "<", "<=", ">", ">=");

	private final ObjectNode policy;

	private final String scope;

	private FilterPolicy(ObjectNode policy, String scope) {
		this.policy = policy;
		this.scope = scope;
	}

	/**
	 * @throws IllegalArgumentException with the reason, when the policy is not one SNS would accept
	 */
	static FilterPolicy parse(String json, String scope) {
		if (!ATTRIBUTES.equals(scope) && !BODY.equals(scope)) {
			throw new IllegalArgumentException("FilterPolicyScope must be MessageAttributes or MessageBody");
		}
		JsonNode node;
		try {
			node = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("the policy is not JSON");
		}
		if (!(node instanceof ObjectNode object) || object.isEmpty()) {
			throw new IllegalArgumentException("the policy must be a non-empty JSON object");
		}
		validate(object, BODY.equals(scope), "");
		return new FilterPolicy(object, scope);
	}

	private static void validate(ObjectNode policy, boolean nested, String path) {
		for (Map.Entry<String, JsonNode> key : policy.properties()) {
			String name = path + key.getKey();
			JsonNode conditions = key.getValue();
			if (conditions.isObject() && nested) {
				if (conditions.isEmpty()) {
					throw new IllegalArgumentException(name + ": a nested policy must not be empty");
				}
				validate((ObjectNode) conditions, true, name + ".");
				continue;
			}
			if (!conditions.isArray() || conditions.isEmpty()) {
				throw new IllegalArgumentException(name + ": match conditions must be a non-empty array");
			}
			for (JsonNode condition : conditions) {
				validateCondition(name, condition);
			}
		}
	}

	private static void validateCondition(String name, JsonNode condition) {
		if (condition.isString() || condition.isNumber() || condition.isBoolean() || condition.isNull()) {
			return;
		}
		if (!condition.isObject() || condition.size() != 1) {
			throw new IllegalArgumentException(name + ": a condition is a value or an object with one operator");
		}
		Map.Entry<String, JsonNode> operator = condition.properties().iterator().next();
		JsonNode operand = operator.getValue();
		switch (operator.getKey()) {
			case "prefix", "suffix", "equals-ignore-case" -> {
				if (!operand.isString()) {
					throw new IllegalArgumentException(name + ": " + operator.getKey() + " needs a string");
				}
			}
			case "exists" -> {
				if (!operand.isBoolean()) {
					throw new IllegalArgumentException(name + ": exists needs true or false");
				}
			}
			case "anything-but" -> {
				if (operand.isObject()) {
					if (operand.size() != 1 || !(operand.has("prefix") || operand.has("suffix"))
							|| !operand.properties().iterator().next().getValue().isString()) {
						throw new IllegalArgumentException(name + ": anything-but takes a value, a list of values, "
								+ "or a prefix or suffix");
					}
				}
				else if (operand.isArray()) {
					for (JsonNode value : operand) {
						if (!value.isString() && !value.isNumber()) {
							throw new IllegalArgumentException(name + ": anything-but lists strings or numbers");
						}
					}
				}
				else if (!operand.isString() && !operand.isNumber()) {
					throw new IllegalArgumentException(name + ": anything-but takes a string or a number");
				}
			}
			case "numeric" -> {
				if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0 || operand.size() > 4) {
					throw new IllegalArgumentException(name + ": numeric takes one or two operator-number pairs");
				}
				for (int i = 0; i < operand.size(); i += 2) {
					if (!operand.get(i).isString() || !NUMERIC_OPERATORS.contains(operand.get(i).asString())
							|| !operand.get(i + 1).isNumber()) {
						throw new IllegalArgumentException(name + ": numeric pairs are one of = < <= > >= and a number");
					}
				}
				if (operand.size() == 4 && ("=".equals(operand.get(0).asString())
						|| "=".equals(operand.get(2).asString()))) {
					throw new IllegalArgumentException(name + ": numeric '=' stands alone");
				}
			}
			default -> throw new IllegalArgumentException(name + ": unknown operator '" + operator.getKey() + "'");
		}
	}

	/** Whether a message with these attributes and this body passes the policy. */
	boolean matches(Map<String, MessageAttribute> attributes, String body) {
		if (BODY.equals(this.scope)) {
			JsonNode document;
			try {
				document = JSON.readTree(body);
			}
			catch (JacksonException ex) {
				return false;
			}
			return document.isObject() && matchesObject(this.policy, document);
		}
		return matchesObject(this.policy, attributesDocument(attributes));
	}

	private static ObjectNode attributesDocument(Map<String, MessageAttribute> attributes) {
		ObjectNode document = JSON.createObjectNode();
		attributes.values().forEach((attribute) -> {
			switch (attribute.type()) {
				case "String" -> document.put(attribute.name(), attribute.stringValue());
				case "Number" -> document.put(attribute.name(), new BigDecimal(attribute.stringValue().strip()));
				case "String.Array" -> document.set(attribute.name(), JSON.readTree(attribute.stringValue()));
				default -> {
					// Binary: SNS does not match filter policies against binary attributes.
				}
			}
		});
		return document;
	}

	private static boolean matchesObject(ObjectNode policy, JsonNode document) {
		for (Map.Entry<String, JsonNode> key : policy.properties()) {
			JsonNode value = (document != null && document.isObject()) ? document.get(key.getKey()) : null;
			boolean matches = key.getValue().isObject() ? matchesObject((ObjectNode) key.getValue(), value)
					: matchesKey(key.getValue(), value);
			if (!matches) {
				return false;
			}
		}
		return true;
	}

	private static boolean matchesKey(JsonNode conditions, JsonNode value) {
		List<JsonNode> values = new ArrayList<>();
		if (value != null && value.isArray()) {
			value.forEach(values::add);
		}
		else if (value != null) {
			values.add(value);
		}
		for (JsonNode condition : conditions) {
			if (condition.isObject() && condition.has("exists")) {
				if (condition.get("exists").asBoolean() == (value != null)) {
					return true;
				}
				continue;
			}
			for (JsonNode element : values) {
				if (matchesValue(condition, element)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean matchesValue(JsonNode condition, JsonNode value) {
		if (!condition.isObject()) {
			return equal(condition, value);
		}
		Map.Entry<String, JsonNode> operator = condition.properties().iterator().next();
		JsonNode operand = operator.getValue();
		return switch (operator.getKey()) {
			case "prefix" -> value.isString() && value.asString().startsWith(operand.asString());
			case "suffix" -> value.isString() && value.asString().endsWith(operand.asString());
			case "equals-ignore-case" -> value.isString()
					&& value.asString().toLowerCase(Locale.ROOT).equals(operand.asString().toLowerCase(Locale.ROOT));
			case "anything-but" -> anythingBut(operand, value);
			case "numeric" -> value.isNumber() && numeric(operand, value.decimalValue());
			default -> false;
		};
	}

	private static boolean anythingBut(JsonNode operand, JsonNode value) {
		if (operand.isObject()) {
			String text = operand.properties().iterator().next().getValue().asString();
			if (!value.isString()) {
				return true;
			}
			return operand.has("prefix") ? !value.asString().startsWith(text) : !value.asString().endsWith(text);
		}
		if (operand.isArray()) {
			for (JsonNode excluded : operand) {
				if (equal(excluded, value)) {
					return false;
				}
			}
			return true;
		}
		return !equal(operand, value);
	}

	private static boolean numeric(JsonNode operand, BigDecimal value) {
		for (int i = 0; i < operand.size(); i += 2) {
			int comparison = value.compareTo(operand.get(i + 1).decimalValue());
			boolean holds = switch (operand.get(i).asString()) {
				case "=" -> comparison == 0;
				case "<" -> comparison < 0;
				case "<=" -> comparison <= 0;
				case ">" -> comparison > 0;
				default -> comparison >= 0;
			};
			if (!holds) {
				return false;
			}
		}
		return true;
	}

	private static boolean equal(JsonNode expected, JsonNode value) {
		if (expected.isNumber()) {
			return value.isNumber() && expected.decimalValue().compareTo(value.decimalValue()) == 0;
		}
		if (expected.isString()) {
			return value.isString() && expected.asString().equals(value.asString());
		}
		if (expected.isBoolean()) {
			return value.isBoolean() && expected.asBoolean() == value.asBoolean();
		}
		return expected.isNull() && value.isNull();
	}

}
