package dev.herald.functions.rendering;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.herald.events.CloudEvent;
import dev.herald.events.Customer;
import tools.jackson.databind.JsonNode;

/**
 * Builds what a template sees for one event and one recipient:
 *
 * <pre>
 * event:     { id, type, source, time, subject }   type is the wire name, time an ISO-8601 string
 * data:      the event's data
 * customer:  data.customer
 * recipient: { name, address, locale }
 * tenant:    { name }
 * </pre>
 *
 * Everything in it is a map, list, string, number or boolean; absent values are left out, which Liquid renders as
 * empty.
 */
public final class TemplateModel {

	/** Values nested deeper than this in event data are dropped. */
	static final int MAX_DEPTH = ModelSanitizer.MAX_DEPTH;

	private TemplateModel() {
	}

	/**
	 * The person a notification goes to.
	 *
	 * @param name display name, may be {@code null}
	 * @param address email address, E.164 phone number or device token, as the channel needs
	 * @param locale BCP 47 language tag such as {@code ko-KR}, may be {@code null}
	 */
	public record Recipient(String name, String address, String locale) {
	}

	/** The model for rendering {@code event}'s templates to {@code recipient} on behalf of tenant {@code tenantName}. */
	public static Map<String, Object> of(CloudEvent event, Recipient recipient, String tenantName) {
		Map<String, Object> eventMap = new LinkedHashMap<>();
		putPresent(eventMap, "id", event.id());
		putPresent(eventMap, "type", (event.type() != null) ? event.type().wireName() : null);
		putPresent(eventMap, "source", event.source());
		putPresent(eventMap, "time", (event.time() != null) ? DateTimeFormatter.ISO_INSTANT.format(event.time()) : null);
		putPresent(eventMap, "subject", event.subject());

		Object data = plain(event.data());
		Object customer = (data instanceof Map<?, ?> dataMap && dataMap.get("customer") != null) ? dataMap.get("customer")
				: customer(event.customer());

		Map<String, Object> recipientMap = new LinkedHashMap<>();
		if (recipient != null) {
			putPresent(recipientMap, "name", recipient.name());
			putPresent(recipientMap, "address", recipient.address());
			putPresent(recipientMap, "locale", recipient.locale());
		}
		Map<String, Object> tenantMap = new LinkedHashMap<>();
		putPresent(tenantMap, "name", tenantName);

		Map<String, Object> model = new LinkedHashMap<>();
		model.put("event", Collections.unmodifiableMap(eventMap));
		putPresent(model, "data", data);
		putPresent(model, "customer", customer);
		model.put("recipient", Collections.unmodifiableMap(recipientMap));
		model.put("tenant", Collections.unmodifiableMap(tenantMap));
		return Collections.unmodifiableMap(model);
	}

	/**
	 * {@code node} as plain Java: objects become maps, arrays lists, integers that fit {@link Long}, other numbers
	 * {@link BigDecimal}, binary Base64 strings, JSON null {@code null}. Anything nested deeper than 32
	 * levels is dropped.
	 */
	public static Object plain(JsonNode node) {
		return plain(node, 1);
	}

	private static Object plain(JsonNode node, int depth) {
		if (node == null || node.isNull() || node.isMissingNode() || depth > MAX_DEPTH) {
			return null;
		}
		if (node.isObject()) {
			Map<String, Object> map = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				map.put(property.getKey(), plain(property.getValue(), depth + 1));
			}
			return Collections.unmodifiableMap(map);
		}
		if (node.isArray()) {
			List<Object> list = new ArrayList<>(node.size());
			for (JsonNode item : node.values()) {
				list.add(plain(item, depth + 1));
			}
			return Collections.unmodifiableList(list);
		}
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isIntegralNumber() && node.canConvertToLong()) {
			return node.longValue();
		}
		if (node.isIntegralNumber()) {
			return new BigDecimal(node.bigIntegerValue());
		}
		if (node.isNumber()) {
			// Doubles that are NaN or infinite never come from JSON text, but a tree built in code may hold them.
			return (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())
					? String.valueOf(node.doubleValue()) : node.decimalValue();
		}
		if (node.isBinary()) {
			return Base64.getEncoder().encodeToString(node.binaryValue());
		}
		// POJO nodes wrap arbitrary Java objects; never hand one to a template.
		return null;
	}

	private static Map<String, Object> customer(Customer customer) {
		if (customer == null) {
			return null;
		}
		Map<String, Object> map = new LinkedHashMap<>();
		putPresent(map, "id", customer.id());
		putPresent(map, "email", customer.email());
		putPresent(map, "phone", customer.phone());
		putPresent(map, "locale", customer.locale());
		putPresent(map, "timeZone", customer.timeZone());
		putPresent(map, "name", customer.name());
		return Collections.unmodifiableMap(map);
	}

	private static void putPresent(Map<String, Object> map, String key, Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
