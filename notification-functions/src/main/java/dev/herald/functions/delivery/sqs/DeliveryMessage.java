package dev.herald.functions.delivery.sqs;

import java.util.Optional;
import java.util.UUID;

import dev.herald.db.tenant.TenantId;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue.DeliveryRef;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a delivery message, {@code {"deliveryId":"…","tenantId":"…"}}: ids only, so no shopper's data sits in
 * the queue or its dead-letter queue.
 */
public final class DeliveryMessage {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private DeliveryMessage() {
	}

	public static String body(TenantId tenant, UUID deliveryId) {
		return JSON.createObjectNode()
			.put("deliveryId", deliveryId.toString())
			.put("tenantId", tenant.value().toString())
			.toString();
	}

	/** The delivery a body names, or empty when the body is not one of Herald's delivery messages. */
	public static Optional<DeliveryRef> parse(String body) {
		if (body == null || body.length() > 1024) {
			return Optional.empty();
		}
		try {
			JsonNode node = JSON.readTree(body);
			JsonNode delivery = node.get("deliveryId");
			JsonNode tenant = node.get("tenantId");
			if (delivery == null || tenant == null || !delivery.isString() || !tenant.isString()) {
				return Optional.empty();
			}
			return Optional.of(new DeliveryRef(new TenantId(UUID.fromString(tenant.asString())),
					UUID.fromString(delivery.asString())));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
