package dev.herald.functions.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import dev.herald.db.status.ProviderStatus;
import dev.herald.db.suppression.SuppressionRepository.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the SES event publishing record (the {@code Message} of the SNS notification a configuration set's SNS
 * destination sends), as documented in "Contents of event data that Amazon SES publishes to Amazon SNS": an
 * {@code eventType} (or, for SES's older identity notifications, {@code notificationType}), the {@code mail} object
 * and one object per event type. Herald's delivery id travels as the message tag {@value #DELIVERY_TAG}.
 */
final class SesEvents {

	static final String PROVIDER = "ses";

	/** The tag the SES channel puts on every message: {@code SesEmailChannel.DELIVERY_TAG}. */
	static final String DELIVERY_TAG = "herald-delivery-id";

	private static final JsonMapper JSON = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

	private static final int MAX_DETAIL = 500;

	private SesEvents() {
	}

	static Reading read(String json) {
		JsonNode root;
		try {
			root = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			return Reading.invalid("not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			return Reading.invalid("an SES event is a JSON object");
		}
		String type = text(root, "eventType");
		if (type == null) {
			type = text(root, "notificationType");
		}
		JsonNode mail = root.path("mail");
		String messageId = text(mail, "messageId");
		if (type == null || messageId == null) {
			return Reading.invalid("an SES event needs 'eventType' (or 'notificationType') and 'mail.messageId'");
		}
		Instant mailTime = instant(text(mail, "timestamp"));
		String firstDestination = mail.path("destination").path(0).isString()
				? mail.path("destination").path(0).asString() : null;
		UUID deliveryId = deliveryTag(mail);
		String key = type + ":" + messageId + ":" + digest(root);
		return switch (type) {
			case "Send" -> event(key, messageId, deliveryId, ProviderStatus.SENT, mailTime, firstDestination,
					"accepted by SES", List.of(), null);
			case "Delivery" -> {
				JsonNode delivery = root.path("delivery");
				yield event(key, messageId, deliveryId, ProviderStatus.DELIVERED, time(delivery, mailTime),
						first(delivery.path("recipients"), firstDestination), text(delivery, "smtpResponse"), List.of(),
						null);
			}
			case "Bounce" -> bounce(root.path("bounce"), key, messageId, deliveryId, mailTime, firstDestination);
			case "Complaint" -> {
				JsonNode complaint = root.path("complaint");
				List<String> complained = addresses(complaint.path("complainedRecipients"));
				String feedback = text(complaint, "complaintFeedbackType");
				yield event(key, messageId, deliveryId, ProviderStatus.COMPLAINED, time(complaint, mailTime),
						complained.isEmpty() ? firstDestination : complained.getFirst(),
						"complaint" + ((feedback != null) ? " (" + feedback + ")" : ""),
						complained.isEmpty() && firstDestination != null ? List.of(firstDestination) : complained,
						Reason.COMPLAINT);
			}
			case "Reject" -> event(key, messageId, deliveryId, ProviderStatus.FAILED, mailTime, firstDestination,
					"rejected by SES: " + orElse(text(root.path("reject"), "reason"), "no reason given"), List.of(),
					null);
			case "Rendering Failure" -> {
				JsonNode failure = root.path("failure");
				yield event(key, messageId, deliveryId, ProviderStatus.FAILED, mailTime, firstDestination,
						"SES could not render template " + orElse(text(failure, "templateName"), "?") + ": "
								+ orElse(text(failure, "errorMessage"), "no reason given"),
						List.of(), null);
			}
			case "DeliveryDelay" -> {
				JsonNode delay = root.path("deliveryDelay");
				JsonNode delayed = delay.path("delayedRecipients").path(0);
				yield event(key, messageId, deliveryId, ProviderStatus.DELAYED, time(delay, mailTime),
						orElse(text(delayed, "emailAddress"), firstDestination),
						"delayed: " + orElse(text(delay, "delayType"), "?")
								+ suffix(text(delayed, "diagnosticCode"))
								+ ((text(delay, "expirationTime") != null)
										? "; SES keeps trying until " + text(delay, "expirationTime") : ""),
						List.of(), null);
			}
			case "Open" -> event(key, messageId, deliveryId, ProviderStatus.OPENED, time(root.path("open"), mailTime),
					firstDestination, "opened" + suffix(text(root.path("open"), "userAgent")), List.of(), null);
			case "Click" -> {
				JsonNode click = root.path("click");
				yield event(key, messageId, deliveryId, ProviderStatus.CLICKED, time(click, mailTime),
						firstDestination, "clicked " + orElse(text(click, "link"), "a link"), List.of(), null);
			}
			default -> Reading.ignored("SES event type '" + clean(type) + "' does not change a delivery's status");
		};
	}

	/**
	 * A permanent bounce suppresses its bounced recipients; a transient or undetermined one (mailbox full, message too
	 * large, a server that answered oddly) does not: the address may work next time.
	 */
	private static Reading bounce(JsonNode bounce, String key, String messageId, UUID deliveryId, Instant mailTime,
			String firstDestination) {
		String bounceType = orElse(text(bounce, "bounceType"), "Undetermined");
		String subType = text(bounce, "bounceSubType");
		List<String> bounced = addresses(bounce.path("bouncedRecipients"));
		JsonNode first = bounce.path("bouncedRecipients").path(0);
		String detail = bounceType + ((subType != null) ? "/" + subType : "")
				+ suffix(orElse(text(first, "diagnosticCode"), text(first, "status")));
		boolean permanent = bounceType.equals("Permanent");
		return event(key, messageId, deliveryId, permanent ? ProviderStatus.BOUNCED : ProviderStatus.SOFT_BOUNCED,
				time(bounce, mailTime), bounced.isEmpty() ? firstDestination : bounced.getFirst(), detail,
				permanent ? bounced : List.of(), permanent ? Reason.HARD_BOUNCE : null);
	}

	private static Reading event(String key, String messageId, UUID deliveryId, ProviderStatus status,
			Instant occurredAt, String recipient, String detail, List<String> suppress, Reason reason) {
		if (occurredAt == null) {
			return Reading.invalid("the SES event has no readable timestamp");
		}
		return new Reading.Event(new StatusEvent(PROVIDER, key, messageId, deliveryId, status, occurredAt, recipient,
				clean(detail), suppress, reason));
	}

	private static UUID deliveryTag(JsonNode mail) {
		String tag = text(mail.path("tags").path(DELIVERY_TAG), 0);
		if (tag == null) {
			return null;
		}
		try {
			return UUID.fromString(tag);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Instant time(JsonNode node, Instant fallback) {
		Instant time = instant(text(node, "timestamp"));
		return (time != null) ? time : fallback;
	}

	private static Instant instant(String text) {
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static List<String> addresses(JsonNode recipients) {
		List<String> addresses = new ArrayList<>();
		for (JsonNode recipient : recipients) {
			String address = text(recipient, "emailAddress");
			if (address != null) {
				addresses.add(address);
			}
		}
		return addresses;
	}

	private static String first(JsonNode array, String fallback) {
		return array.path(0).isString() ? array.path(0).asString() : fallback;
	}

	/** The event's own content, key order aside: SNS may deliver a message twice, never changed. */
	private static String digest(JsonNode root) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

	private static String text(JsonNode node, int index) {
		JsonNode value = node.path(index);
		return (value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

	private static String orElse(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

	private static String suffix(String text) {
		return (text != null) ? ": " + text : "";
	}

	/** Provider text goes into the console and logs: one line, bounded. */
	static String clean(String text) {
		if (text == null) {
			return null;
		}
		String line = text.codePoints()
			.map((c) -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		return (line.length() <= MAX_DETAIL) ? line : line.substring(0, MAX_DETAIL) + "…";
	}

}
