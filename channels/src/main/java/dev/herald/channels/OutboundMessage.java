package dev.herald.channels;

import java.util.Objects;
import java.util.UUID;

/**
 * A rendered notification ready to leave Herald.
 *
 * @param deliveryId the delivery this message belongs to; providers derive idempotency keys from it
 * @param tenantId the tenant sending it
 * @param channel the channel it travels over
 * @param to the recipient's address on that channel (email address, E.164 number, device token)
 * @param recipientName the recipient's display name, may be {@code null}
 * @param subject subject or title, may be {@code null} for channels without one
 * @param htmlBody HTML body, may be {@code null} for channels without HTML
 * @param textBody plain text body
 */
public record OutboundMessage(UUID deliveryId, UUID tenantId, ChannelType channel, String to, String recipientName,
		String subject, String htmlBody, String textBody) {

	public OutboundMessage {
		Objects.requireNonNull(deliveryId, "deliveryId");
		Objects.requireNonNull(tenantId, "tenantId");
		Objects.requireNonNull(channel, "channel");
		Objects.requireNonNull(to, "to");
	}

}
