package dev.herald.channels.push.fcm;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * What FCM's answer to {@code messages:send} means for the delivery. FCM's own error code (the
 * {@code google.firebase.fcm.v1.FcmError} detail) decides where there is one, the HTTP status otherwise.
 */
final class FcmAnswers {

	private static final String FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

	private static final String BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest";

	private static final int MAX_QUOTED = 300;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private FcmAnswers() {
	}

	static DeliveryResult classify(int status, HttpHeaders headers, String body, Clock clock) {
		JsonNode answer = readJson(body);
		if (status >= 200 && status < 300) {
			// The name is "projects/{project}/messages/{id}"; keep it whole, as FCM's console shows it.
			String name = answer.path("name").stringValue(null);
			return new Delivered(FcmChannelProvider.ID, name);
		}
		JsonNode error = answer.path("error");
		FcmError fcm = FcmError.of(error);
		String said = (fcm.code().isEmpty() || fcm.message().isEmpty()) ? fcm.code() + fcm.message()
				: fcm.code() + ": " + fcm.message();
		Duration retryAfter = RetryAfter.of(headers, clock);
		return switch (fcm.code()) {
			case "UNREGISTERED" -> rejected(Cause.ADDRESS_GONE,
					"the registration token is no longer registered (" + status + " " + said + ")");
			case "SENDER_ID_MISMATCH" -> rejected(Cause.ADDRESS_GONE,
					"the registration token belongs to another Firebase project (" + status + " " + said + ")");
			case "INVALID_ARGUMENT" -> fcm.aboutToken()
					? rejected(Cause.INVALID_ADDRESS, "invalid registration token (" + status + " " + said + ")")
					: rejected(Cause.CONTENT, "FCM refused the message (" + status + " " + said + ")");
			case "QUOTA_EXCEEDED" -> retry("FCM sending quota exceeded (" + status + " " + said + ")", retryAfter);
			case "UNAVAILABLE" -> retry("FCM is unavailable (" + status + " " + said + ")", retryAfter);
			case "INTERNAL" -> retry("FCM internal error (" + status + " " + said + ")", retryAfter);
			// APNS_AUTH_ERROR is the older name of the same error.
			case "THIRD_PARTY_AUTH_ERROR", "APNS_AUTH_ERROR" -> retry("FCM could not authenticate with APNs or Web "
					+ "Push (" + status + " " + said + "): check the APNs key or certificate in the Firebase "
					+ "project's Cloud Messaging settings", retryAfter);
			default -> byStatus(status, said, retryAfter);
		};
	}

	private static DeliveryResult byStatus(int status, String said, Duration retryAfter) {
		String answer = status + ((said.isEmpty()) ? "" : " " + said);
		if (status == 400) {
			return rejected(Cause.CONTENT, "FCM refused the message (" + answer + ")");
		}
		if (status == 401) {
			return retry("FCM refused the access token (" + answer + "); a new one is fetched for the next send",
					retryAfter);
		}
		if (status == 403) {
			return retry("FCM refused the service account (" + answer + "): it needs the Firebase Cloud Messaging "
					+ "API enabled and permission to send in the project", retryAfter);
		}
		if (status == 404) {
			return retry("FCM has no such project or endpoint (" + answer + "): check the settings '"
					+ FcmChannelProvider.PROJECT_ID + "' and '" + FcmChannelProvider.BASE_URL + "'", retryAfter);
		}
		if (status == 413) {
			return rejected(Cause.CONTENT, "FCM refused the message as too big (" + answer + ")");
		}
		if (status == 429) {
			return retry("FCM is throttling (" + answer + ")", retryAfter);
		}
		if (status >= 500) {
			return retry("FCM failed (" + answer + ")", retryAfter);
		}
		return retry("unexpected answer from FCM (" + answer + ")", retryAfter);
	}

	private static Rejected rejected(Cause cause, String reason) {
		return new Rejected(FcmChannelProvider.ID, reason, cause);
	}

	private static RetryLater retry(String reason, Duration retryAfter) {
		return new RetryLater(FcmChannelProvider.ID, reason, retryAfter);
	}

	private static JsonNode readJson(String body) {
		try {
			JsonNode node = (body == null || body.isBlank()) ? null : JSON.readTree(body);
			return (node != null) ? node : JSON.missingNode();
		}
		catch (JacksonException ex) {
			// Proxies and load balancers answer HTML; the status still says enough.
			return JSON.missingNode();
		}
	}

	static String describe(Exception ex) {
		String message = oneLine(ex.getMessage());
		return ex.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
	}

	/** Provider text made fit for a reason: one line, bounded. */
	static String oneLine(String text) {
		if (text == null) {
			return "";
		}
		String line = text.strip().replaceAll("\\s+", " ");
		return (line.length() > MAX_QUOTED) ? line.substring(0, MAX_QUOTED) + "…" : line;
	}

	/**
	 * A Google API error: {@code {"error":{"code","message","status","details":[…]}}}.
	 *
	 * @param code FCM's error code when given, else the canonical status (e.g. {@code UNAUTHENTICATED}), else empty
	 * @param message Google's message, one line
	 * @param aboutToken whether an INVALID_ARGUMENT is about the registration token rather than the message
	 */
	private record FcmError(String code, String message, boolean aboutToken) {

		static FcmError of(JsonNode error) {
			String fcmCode = null;
			List<String> badFields = new ArrayList<>();
			for (JsonNode detail : error.path("details")) {
				String type = detail.path("@type").stringValue("");
				if (type.equals(FCM_ERROR) && fcmCode == null) {
					fcmCode = detail.path("errorCode").stringValue(null);
				}
				else if (type.equals(BAD_REQUEST)) {
					for (JsonNode violation : detail.path("fieldViolations")) {
						badFields.add(violation.path("field").stringValue(""));
					}
				}
			}
			String message = oneLine(error.path("message").stringValue(null));
			String code = (fcmCode != null && !fcmCode.equals("UNSPECIFIED_ERROR")) ? fcmCode
					: error.path("status").stringValue("");
			// FCM says "The registration token is not a valid FCM registration token", or names the field.
			boolean aboutToken = badFields.contains("message.token")
					|| message.toLowerCase(Locale.ROOT).contains("registration token");
			return new FcmError(code, message, aboutToken);
		}

	}

}
