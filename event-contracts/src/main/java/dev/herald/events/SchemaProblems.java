package dev.herald.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;

import tools.jackson.databind.JsonNode;

/**
 * Turns the schema validator's errors into problems a shop's developer can act on.
 *
 * <p>The validator's own messages quote regular expressions and RFC numbers; these say what is expected, with an
 * example, and point at the offending member itself (a missing {@code id} at {@code $.id}, not at {@code $}).
 */
final class SchemaProblems {

	/**
	 * What a value must be, by the name of the schema definition or property that failed; each reads after
	 * "must be".
	 */
	private static final Map<String, String> EXPECTED = Map.ofEntries(
			Map.entry("identifier", "a string without line breaks or other control characters"),
			Map.entry("id", "a string without line breaks or other control characters"),
			Map.entry("subject", "a string without line breaks or other control characters"),
			Map.entry("timestamp", "an RFC 3339 date-time with an offset, such as 2025-03-14T09:26:53Z"),
			Map.entry("date", "an RFC 3339 date, such as 2025-03-18"),
			Map.entry("url", "an absolute http or https URL, such as https://shop.example.com/orders/1001"),
			Map.entry("money", "a decimal string with at most 4 decimals, such as \"49000\" or \"12.50\""),
			Map.entry("currency", "an ISO 4217 currency code in capitals, such as KRW or USD"),
			Map.entry("country", "an ISO 3166-1 alpha-2 country code in capitals, such as KR or US"),
			Map.entry("email", "an email address, such as jane@example.com"),
			Map.entry("phone", "a phone number in E.164 form: +, country code and number, digits only, such as +821012345678"),
			Map.entry("locale", "a BCP 47 language tag, such as ko-KR or en"),
			Map.entry("timeZone", "an IANA time zone id, such as Asia/Seoul or America/New_York"),
			Map.entry("quantity", "a whole number, at least 1"),
			Map.entry("source", "a URI reference naming the shop, such as https://shop.example.com or /shops/1001"),
			Map.entry("dataschema", "an absolute URI"),
			Map.entry("datacontenttype", "application/json"),
			Map.entry("last4", "the last 4 digits of the card, such as 4242"));

	private static final int MAX_QUOTED = 60;

	private SchemaProblems() {
	}

	static List<Problem> of(List<Error> errors) {
		// Several schema errors can say the same thing, e.g. data not being an object, checked by two schemas.
		Set<Problem> problems = new LinkedHashSet<>();
		for (Error error : errors) {
			problems.add(problem(error));
		}
		return new ArrayList<>(problems);
	}

	private static Problem problem(Error error) {
		NodePath at = error.getInstanceLocation();
		String schemaLocation = String.valueOf(error.getSchemaLocation());
		String fragment = schemaLocation.substring(schemaLocation.indexOf('#') + 1);
		String[] segments = fragment.split("/");
		String name = (segments.length >= 2) ? segments[segments.length - 2] : "";
		String expected = EXPECTED.get(name);
		JsonNode keywordValue = error.getSchemaNode();
		JsonNode value = error.getInstanceNode();
		return switch (String.valueOf(error.getKeyword())) {
			case "required" -> fragment.contains("/customer/anyOf/")
					? new Problem(at.toString(), "needs an email or a phone, so that Herald can reach the customer")
					: new Problem(at.append(error.getProperty()).toString(), "is required");
			case "dependentRequired" -> new Problem(at.append(argument(error, 0)).toString(),
					"is required when " + argument(error, 1) + " is given");
			case "propertyNames" -> new Problem(at.append(error.getProperty()).toString(),
					"is not a CloudEvents attribute Herald knows, nor a valid extension attribute name "
							+ "(1 to 20 lowercase letters or digits)");
			case "additionalProperties" -> new Problem(at.append(error.getProperty()).toString(), "is not allowed here");
			case "type" -> new Problem(at.toString(),
					"must be " + ((expected != null) ? expected : typeNames(keywordValue)) + ", not " + typeName(value));
			case "pattern" -> new Problem(at.toString(),
					"must be " + ((expected != null) ? expected : "text matching " + keywordValue.asString()));
			case "format" -> new Problem(at.toString(),
					"must be " + ((expected != null) ? expected : "a valid " + keywordValue.asString()));
			case "enum" -> new Problem(at.toString(), schemaLocation.contains("cloudevent.schema.json#/properties/type/")
					? unknownType(value, keywordValue) : notOneOf(value, keywordValue));
			case "const" -> new Problem(at.toString(), "must be " + keywordValue);
			case "minLength" -> new Problem(at.toString(), (keywordValue.asInt() == 1) ? "must not be empty"
					: "must be at least " + keywordValue.asInt() + " characters long");
			case "maxLength" -> new Problem(at.toString(), "must be at most " + keywordValue.asInt() + " characters long");
			case "minimum" -> new Problem(at.toString(), "must be at least " + keywordValue.asString());
			case "maximum" -> new Problem(at.toString(), "must be at most " + keywordValue.asString());
			case "minItems" -> new Problem(at.toString(), (keywordValue.asInt() == 1) ? "must not be empty"
					: "must have at least " + keywordValue.asInt() + " items");
			case "maxItems" -> new Problem(at.toString(), "must have at most " + keywordValue.asInt() + " items");
			default -> new Problem(at.toString(), error.getMessage());
		};
	}

	private static String unknownType(JsonNode value, JsonNode allowed) {
		String types = values(allowed);
		return (value != null && value.isString())
				? quote(value.asString()) + " is not an event type Herald knows; use one of: " + types
				: "must be one of the event types " + types + ", not " + typeName(value);
	}

	private static String notOneOf(JsonNode value, JsonNode allowed) {
		String values = values(allowed);
		return (value != null && value.isString()) ? quote(value.asString()) + " is not one of: " + values
				: "must be one of: " + values + ", not " + typeName(value);
	}

	private static String values(JsonNode allowed) {
		List<String> values = new ArrayList<>();
		allowed.forEach((value) -> values.add(value.asString()));
		return String.join(", ", values);
	}

	private static String argument(Error error, int index) {
		Object[] arguments = error.getArguments();
		return (arguments != null && arguments.length > index) ? String.valueOf(arguments[index]) : "";
	}

	/** Quotes a submitted value, cut short: the problem is sent back and logged, the value can be huge. */
	private static String quote(String value) {
		return "\"" + ((value.length() > MAX_QUOTED) ? value.substring(0, MAX_QUOTED) + "…" : value) + "\"";
	}

	private static String typeNames(JsonNode type) {
		if (type.isArray()) {
			List<String> names = new ArrayList<>();
			type.forEach((name) -> names.add(article(name.asString())));
			return (names.size() == 1) ? names.getFirst()
					: String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
		}
		return article(type.asString());
	}

	private static String typeName(JsonNode value) {
		if (value == null || value.isMissingNode()) {
			return "missing";
		}
		return switch (value.getNodeType()) {
			case OBJECT -> "an object";
			case ARRAY -> "an array";
			case STRING -> "a string";
			case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
			case BOOLEAN -> "a boolean";
			case NULL -> "null";
			default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
		};
	}

	private static String article(String type) {
		return switch (type) {
			case "object", "array", "integer" -> "an " + type;
			case "null" -> "null";
			default -> "a " + type;
		};
	}

}
