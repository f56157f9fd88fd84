package dev.herald.channels;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A rendered notification ready to leave Herald.
 *
 * @param deliveryId the delivery this message belongs to; providers derive idempotency keys from it
 * @param tenantId the tenant sending it
 * @param channel the channel it travels over
 * @param to the recipient's address on that channel: an email address, an E.164 number, or for push the device's
 * token (see {@code device})
 * @param recipientName the recipient's display name, may be {@code null}
 * @param subject subject, or a push notification's title; may be {@code null} for channels without one
 * @param htmlBody HTML body, may be {@code null} for channels without HTML
 * @param textBody plain text body: the email's text part, the SMS, the push notification's body
 * @param data extra key/values a push notification carries to the app (e.g. {@code url}); empty, never {@code null}
 * @param device the device a push notification goes to; {@code null} for other channels
 */
public record OutboundMessage(UUID deliveryId, UUID tenantId, ChannelType channel, String to, String recipientName,
		String subject, String htmlBody, String textBody, Map<String, String> data, PushTarget device) {

	public OutboundMessage {
		Objects.requireNonNull(deliveryId, "deliveryId");
		Objects.requireNonNull(tenantId, "tenantId");
		Objects.requireNonNull(channel, "channel");
		Objects.requireNonNull(to, "to");
		data = (data != null) ? Map.copyOf(data) : Map.of();
	}

	/** Whether this is a push notification to a device of the given platform, e.g. {@link PushTarget#FCM}. */
	public boolean isPushTo(String platform) {
		return this.channel == ChannelType.PUSH && this.device != null && this.device.platform().equals(platform);
	}

	/** A message without push data or device: email and SMS. */
	public OutboundMessage(UUID deliveryId, UUID tenantId, ChannelType channel, String to, String recipientName,
			String subject, String htmlBody, String textBody) {
		this(deliveryId, tenantId, channel, to, recipientName, subject, htmlBody, textBody, Map.of(), null);
	}

}
