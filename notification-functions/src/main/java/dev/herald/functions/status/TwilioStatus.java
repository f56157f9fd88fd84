package dev.herald.functions.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.herald.db.status.ProviderStatus;
import dev.herald.db.suppression.SuppressionRepository.Reason;

/**
 * Reads a Twilio status callback: the form parameters Twilio POSTs to a message's {@code StatusCallback} on each
 * change of {@code MessageStatus} ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}, {@code To} …; the
 * older {@code SmsSid}/{@code SmsStatus} names too). The callback carries no time of its own: it is taken as it
 * arrives.
 */
final class TwilioStatus {

	static final String PROVIDER = "twilio";

	private static final Pattern SID = Pattern.compile("[A-Za-z]{2}[A-Za-z0-9]{1,62}");

	/** Error codes saying the number will not take messages: sending again only costs money and reputation. */
	private static final Map<String, Reason> SUPPRESSING = Map.of(
			"21610", Reason.OPTED_OUT, // Attempt to send to unsubscribed recipient (replied STOP)
			"30004", Reason.OPTED_OUT, // Message blocked: the recipient blocked it, or the carrier for them
			"30005", Reason.UNREACHABLE, // Unknown destination handset
			"30006", Reason.UNREACHABLE, // Landline or unreachable carrier
			"21614", Reason.UNREACHABLE, // 'To' number is not a valid mobile number
			"21211", Reason.UNREACHABLE); // Invalid 'To' phone number

	private TwilioStatus() {
	}

	static Reading read(Map<String, String> form, Instant receivedAt) {
		String sid = first(form, "MessageSid", "SmsSid");
		String status = first(form, "MessageStatus", "SmsStatus");
		if (sid == null || status == null) {
			return Reading.invalid("a Twilio status callback needs MessageSid and MessageStatus");
		}
		if (!SID.matcher(sid).matches()) {
			return Reading.invalid("MessageSid is not a Twilio SID");
		}
		String errorCode = form.get("ErrorCode");
		errorCode = (errorCode != null && errorCode.matches("\\d{1,9}")) ? errorCode : null;
		String to = form.get("To");
		ProviderStatus mapped = switch (status) {
			case "accepted", "scheduled", "queued", "sending", "sent" -> ProviderStatus.SENT;
			case "delivered" -> ProviderStatus.DELIVERED;
			case "read" -> ProviderStatus.OPENED;
			case "undelivered", "failed", "canceled" -> ProviderStatus.FAILED;
			default -> null;
		};
		if (mapped == null) {
			return Reading.ignored("Twilio message status '" + SesEvents.clean(status) + "' is not one Herald knows");
		}
		Reason reason = (errorCode != null && mapped == ProviderStatus.FAILED) ? SUPPRESSING.get(errorCode) : null;
		String detail = status + ((errorCode != null) ? ", error " + errorCode : "");
		String key = sid + ":" + status + ((errorCode != null) ? ":" + errorCode : "");
		return new Reading.Event(new StatusEvent(PROVIDER, key, sid, null, mapped, receivedAt, to, detail,
				(reason != null && to != null) ? List.of(to) : List.of(), reason));
	}

	private static String first(Map<String, String> form, String name, String olderName) {
		String value = form.get(name);
		if (value == null || value.isBlank()) {
			value = form.get(olderName);
		}
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
