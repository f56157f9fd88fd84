package dev.herald.channels.sms.twilio;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.http.RetryAfter;

/**
 * What Twilio's answer to creating a message means for the delivery. Twilio answers a created message with 201 and
 * the message resource, and an error with {@code {"code", "message", "more_info", "status"}}; see
 * https://www.twilio.com/docs/api/errors.
 */
final class TwilioAnswers {

	static final String PROVIDER = TwilioSmsProvider.ID;

	/** The error codes that mean this message can never be sent, by Twilio or anyone else. */
	private static final Map<Integer, Cause> PERMANENT = Map.of(
			21211, Cause.INVALID_ADDRESS, // Invalid 'To' Phone Number
			21614, Cause.INVALID_ADDRESS, // 'To' number is not a valid mobile number
			21610, Cause.OPTED_OUT, // Attempt to send to unsubscribed recipient (they replied STOP)
			21602, Cause.CONTENT, // Message body is required
			21617, Cause.CONTENT, // The concatenated message body exceeds the 1600 character limit
			30007, Cause.CONTENT); // Message filtered by the carrier

	private static final int TOO_MANY_REQUESTS = 20429;

	private static final int AUTHENTICATE = 20003;

	/** Message states in which Twilio gave up on a message it had just been handed. */
	private static final Set<String> FAILED = Set.of("failed", "undelivered");

	private static final int MAX_TEXT = 300;

	private static final JsonMapper json = JsonMapper.shared();

	private TwilioAnswers() {
	}

	/**
	 * @param retryAfter the answer's {@code Retry-After} header, or {@code null}
	 * @param now when the answer came, to read a {@code Retry-After} date
	 */
	static DeliveryResult read(int status, String body, String retryAfter, Instant now) {
		JsonNode answer = parse(body);
		if (status >= 200 && status < 300) {
			return created(answer);
		}
		Integer code = integer(answer, "code");
		String description = describe(status, code, text(answer, "message"));
		if (status == 429 || (code != null && code == TOO_MANY_REQUESTS)) {
			return new RetryLater(PROVIDER, "Twilio is throttling: " + description, RetryAfter.parse(retryAfter, now));
		}
		if (status >= 500) {
			return new RetryLater(PROVIDER, description, RetryAfter.parse(retryAfter, now));
		}
		if (status == 401 || (code != null && code == AUTHENTICATE)) {
			return new RetryLater(PROVIDER, "Twilio refused the credentials (" + codes(status, code) + ")", null);
		}
		Cause cause = (code != null) ? PERMANENT.get(code) : null;
		if (cause != null) {
			return new Rejected(PROVIDER, description, cause);
		}
		// 403, 404 (wrong account SID or base URL), sender and permission errors, and codes not known here: an operator
		// can fix them, and meanwhile another provider may carry the message.
		return new RetryLater(PROVIDER, description, null);
	}

	private static DeliveryResult created(JsonNode message) {
		String sid = text(message, "sid");
		Integer errorCode = integer(message, "error_code");
		String state = text(message, "status");
		if (state != null && FAILED.contains(state) && errorCode != null) {
			String description = "Twilio marked the message " + state + ", error " + errorCode
					+ textSuffix(text(message, "error_message"));
			Cause cause = PERMANENT.get(errorCode);
			return (cause != null) ? new Rejected(PROVIDER, description, cause)
					: new RetryLater(PROVIDER, description, null);
		}
		// Twilio has taken the message even when the answer is unreadable: sending it again would duplicate it.
		return new Delivered(PROVIDER, sid);
	}

	private static String describe(int status, Integer code, String message) {
		return "Twilio answered " + codes(status, code) + textSuffix(message);
	}

	private static String codes(int status, Integer code) {
		return "HTTP " + status + ((code != null) ? ", error " + code : "");
	}

	private static String textSuffix(String text) {
		return (text != null) ? ": " + text : "";
	}

	/** The answer as JSON, or {@code null}: proxies and load balancers answer errors in HTML or plain text. */
	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode node = json.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String text(JsonNode node, String field) {
		if (node == null || !node.path(field).isString()) {
			return null;
		}
		return clean(node.path(field).asString());
	}

	private static Integer integer(JsonNode node, String field) {
		if (node == null) {
			return null;
		}
		JsonNode value = node.path(field);
		if (value.isIntegralNumber() && value.canConvertToInt()) {
			return value.asInt();
		}
		// Twilio sends numbers, but older and compatible APIs send some as strings.
		if (value.isString() && value.asString().matches("\\d{1,9}")) {
			return Integer.valueOf(value.asString());
		}
		return null;
	}

	/** Text from outside goes into reasons shown in the console and logs: one line, bounded. */
	private static String clean(String text) {
		String line = text.codePoints()
			.map((c) -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		if (line.isEmpty()) {
			return null;
		}
		if (line.codePointCount(0, line.length()) <= MAX_TEXT) {
			return line;
		}
		return line.substring(0, line.offsetByCodePoints(0, MAX_TEXT)) + "…";
	}

}
