package dev.herald.events;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

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
}
