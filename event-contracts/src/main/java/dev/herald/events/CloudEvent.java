package dev.herald.events;

import java.time.Instant;
import java.util.Objects;

import dev.herald.events.data.EventData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated event in CloudEvents 1.0 structured JSON form.
 *
 * @param specversion always {@code 1.0}
 * @param id the producer's event id, unique per tenant
 * @param source the producer, a URI reference
 * @param type the event type
 * @param time when it happened
 * @param subject optional subject, e.g. the order id
 * @param datacontenttype always {@code application/json}
 * @param data the type-specific payload, valid against the type's schema
 * @param customer the customer read from {@code data.customer}
 */
public record CloudEvent(String specversion, String id, String source, EventType type, Instant time, String subject,
		String datacontenttype, JsonNode data, Customer customer) {

	/** The CloudEvents version Herald speaks. */
	public static final String SPECVERSION = "1.0";

	/** The only content type of {@code data} Herald accepts. */
	public static final String DATACONTENTTYPE = "application/json";

	/**
	 * An event carrying {@code data}, with the order id as its subject; what a shop's publisher sends.
	 * @param id unique per shop, e.g. a UUID; a retry of the same event keeps its id
	 * @param source the shop, e.g. {@code https://shop.example.com}
	 * @param time when it happened
	 * @param data the event's data, which also gives the type and the customer
	 */
	public static CloudEvent of(String id, String source, Instant time, EventData data) {
		return of(id, source, time, data.orderId(), data);
	}

	/** Like {@link #of(String, String, Instant, EventData)} with a subject of your own, or none when {@code null}. */
	public static CloudEvent of(String id, String source, Instant time, String subject, EventData data) {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(time, "time");
		return new CloudEvent(SPECVERSION, id, source, data.type(), time, subject, DATACONTENTTYPE, data.toJson(),
				data.customer());
	}

	/** This event in CloudEvents structured JSON form, as it is posted to Herald. */
	public String toJson() {
		ObjectNode json = Json.MAPPER.createObjectNode();
		json.put("specversion", this.specversion);
		json.put("id", this.id);
		json.put("source", this.source);
		json.put("type", (this.type != null) ? this.type.wireName() : null);
		json.put("time", (this.time != null) ? this.time.toString() : null);
		if (this.subject != null) {
			json.put("subject", this.subject);
		}
		if (this.datacontenttype != null) {
			json.put("datacontenttype", this.datacontenttype);
		}
		json.set("data", this.data);
		return Json.MAPPER.writeValueAsString(json);
	}

}
