package dev.herald.console.snsapi;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One SNS message attribute: {@code String}, {@code String.Array}, {@code Number} or {@code Binary}, optionally with
 * a custom suffix ({@code Number.float}) as SNS allows. Checked as SNS checks them, so what the local server accepts
 * AWS accepts too.
 *
 * @param type the base type: {@code String}, {@code String.Array}, {@code Number} or {@code Binary}
 * @param stringValue the value of the string types and of numbers, {@code null} for binary
 * @param binaryValue the value of binary attributes, {@code null} otherwise
 */
record MessageAttribute(String name, String dataType, String type, String stringValue, byte[] binaryValue) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");

	private static final Pattern CUSTOM_TYPE = Pattern.compile("(String|Number|Binary)(\\.[A-Za-z0-9_.-]+)?");

	/**
	 * The attributes given as {@code prefixMessageAttributes.entry.N.Name} and {@code ….Value.DataType},
	 * {@code ….Value.StringValue}, {@code ….Value.BinaryValue} (base64).
	 * @throws SnsError {@code ParameterValueInvalid} with SNS's reason
	 */
	static Map<String, MessageAttribute> parse(QueryParameters parameters, String prefix) {
		Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
		for (String entry : parameters.numbered(prefix + "MessageAttributes.entry")) {
			String name = parameters.get(entry + "Name");
			if (name == null || !NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".")
					|| name.contains("..") || name.regionMatches(true, 0, "AWS.", 0, 4)
					|| name.regionMatches(true, 0, "Amazon.", 0, 7)) {
				throw SnsError.invalidParameterValue("The message attribute name '" + name + "' is invalid: up to 256 "
						+ "letters, digits, '_', '-' and '.', not starting with AWS. or Amazon.");
			}
			if (attributes.containsKey(name)) {
				throw SnsError.invalidParameterValue("The message attribute '" + name + "' is given more than once.");
			}
			String dataType = parameters.get(entry + "Value.DataType");
			if (dataType == null || dataType.isEmpty()) {
				throw SnsError.invalidParameterValue("The message attribute '" + name
						+ "' must contain non-empty message attribute type.");
			}
			attributes.put(name, of(name, dataType, parameters.get(entry + "Value.StringValue"),
					parameters.get(entry + "Value.BinaryValue")));
		}
		return attributes;
	}

	private static MessageAttribute of(String name, String dataType, String stringValue, String binaryValue) {
		String type;
		if ("String.Array".equals(dataType)) {
			type = "String.Array";
		}
		else if (CUSTOM_TYPE.matcher(dataType).matches()) {
			type = dataType.split("\\.", 2)[0];
		}
		else {
			throw SnsError.invalidParameterValue("The message attribute '" + name + "' has an invalid message "
					+ "attribute type, the set of supported type prefixes is Binary, Number, and String.");
		}
		if ("Binary".equals(type)) {
			if (binaryValue == null || binaryValue.isEmpty()) {
				throw SnsError.invalidParameterValue("The message attribute '" + name
						+ "' with type 'Binary' must use field 'Binary'.");
			}
			try {
				return new MessageAttribute(name, dataType, type, null, Base64.getDecoder().decode(binaryValue));
			}
			catch (IllegalArgumentException ex) {
				throw SnsError.invalidParameterValue("The message attribute '" + name + "' is not valid base64.");
			}
		}
		if (stringValue == null || stringValue.isEmpty()) {
			throw SnsError.invalidParameterValue("The message attribute '" + name + "' with type '" + type
					+ "' must use field 'String'.");
		}
		if ("Number".equals(type)) {
			try {
				new BigDecimal(stringValue.strip());
			}
			catch (NumberFormatException ex) {
				throw SnsError.invalidParameterValue("Could not cast message attribute '" + name
						+ "' value to number.");
			}
		}
		if ("String.Array".equals(type) && !isArrayOfScalars(stringValue)) {
			throw SnsError.invalidParameterValue("The message attribute '" + name + "' with type 'String.Array' "
					+ "must be a JSON array of strings, numbers, true, false or null.");
		}
		return new MessageAttribute(name, dataType, type, stringValue, null);
	}

	private static boolean isArrayOfScalars(String value) {
		try {
			JsonNode node = JSON.readTree(value);
			if (!node.isArray()) {
				return false;
			}
			for (JsonNode element : node) {
				if (element.isContainer()) {
					return false;
				}
			}
			return true;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	/** What the attribute counts towards the 256 KiB message limit: its name, type and value, as SNS counts. */
	int size() {
		int value = (this.binaryValue != null) ? this.binaryValue.length
				: this.stringValue.getBytes(StandardCharsets.UTF_8).length;
		return this.name.getBytes(StandardCharsets.UTF_8).length
				+ this.dataType.getBytes(StandardCharsets.UTF_8).length + value;
	}

}
