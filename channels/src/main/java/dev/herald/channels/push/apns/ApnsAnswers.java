package dev.herald.channels.push.apns;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.http.RetryAfter;

/**
 * What an APNs error answer ({@code {"reason":"…"}} with a status) means for the delivery. The reason decides where
 * it is known, the status otherwise.
 */
final class ApnsAnswers {

	/** 403 reasons about our provider token: a newly signed one may work, so the cached one is dropped. */
	static final Set<String> REFUSED_TOKEN = Set.of("ExpiredProviderToken", "InvalidProviderToken",
			"MissingProviderToken", "UnrelatedKeyIdInToken", "BadEnvironmentKeyIdInToken");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ApnsAnswers() {
	}

	/** The {@code reason} of an error answer, or an empty string. */
	static String reason(String body) {
		try {
			JsonNode answer = (body == null || body.isBlank()) ? null : JSON.readTree(body);
			String reason = (answer != null) ? answer.path("reason").stringValue("") : "";
			// Apple's reasons are single words; anything else is not Apple's and is not quoted.
			return reason.matches("[A-Za-z]{1,64}") ? reason : "";
		}
		catch (JacksonException ex) {
			return "";
		}
	}

	static DeliveryResult classify(int status, String reason, HttpHeaders headers, Clock clock) {
		String answer = status + (reason.isEmpty() ? "" : " " + reason);
		Duration retryAfter = RetryAfter.of(headers, clock);
		return switch (reason) {
			case "BadDeviceToken" -> rejected(Cause.INVALID_ADDRESS, "invalid device token (" + answer
					+ "); a token from the other APNs environment is refused this way too: check the setting '"
					+ ApnsChannelProvider.SANDBOX + "'");
			case "DeviceTokenNotForTopic" -> rejected(Cause.ADDRESS_GONE,
					"the device token belongs to another app (" + answer + ")");
			case "Unregistered", "ExpiredToken" -> rejected(Cause.ADDRESS_GONE,
					"the device token is no longer valid for the app (" + answer + ")");
			case "PayloadEmpty", "PayloadTooLarge" -> rejected(Cause.CONTENT,
					"APNs refused the notification's content (" + answer + ")");
			case "BadTopic", "MissingTopic", "TopicDisallowed" -> retry("APNs refused the topic (" + answer
					+ "): check the setting '" + ApnsChannelProvider.TOPIC + "' (the app's bundle id)", retryAfter);
			case "ExpiredProviderToken", "InvalidProviderToken", "MissingProviderToken", "UnrelatedKeyIdInToken",
					"BadEnvironmentKeyIdInToken" ->
				retry("APNs refused the provider token (" + answer + "): check the settings '"
						+ ApnsChannelProvider.TEAM_ID + "', '" + ApnsChannelProvider.KEY_ID + "', the secret '"
						+ ApnsChannelProvider.PRIVATE_KEY + "' and the server's clock; a new token is signed for "
						+ "the next send", retryAfter);
			case "BadCertificate", "BadCertificateEnvironment", "Forbidden" -> retry(
					"APNs refused the credentials (" + answer + "): check the signing key and the environment",
					retryAfter);
			case "TooManyRequests" -> retry("too many notifications to this device (" + answer + ")", retryAfter);
			case "TooManyProviderTokenUpdates" -> retry("APNs saw the provider token change too often (" + answer
					+ "): is the same key used by another sender?", retryAfter);
			case "BadPath" -> retry("APNs does not know the path (" + answer + "): check the setting '"
					+ ApnsChannelProvider.BASE_URL + "'", retryAfter);
			case "IdleTimeout", "InternalServerError", "ServiceUnavailable", "Shutdown" -> retry(
					"APNs failed (" + answer + ")", retryAfter);
			default -> byStatus(status, answer, retryAfter);
		};
	}

	private static DeliveryResult byStatus(int status, String answer, Duration retryAfter) {
		if (status == 400) {
			// The request itself was malformed (a header, the expiration …): sending it again cannot help.
			return rejected(Cause.OTHER, "APNs refused the request (" + answer + ")");
		}
		if (status == 410) {
			return rejected(Cause.ADDRESS_GONE, "the device token is no longer valid for the app (" + answer + ")");
		}
		if (status == 413) {
			return rejected(Cause.CONTENT, "APNs refused the notification's content (" + answer + ")");
		}
		if (status == 403) {
			return retry("APNs refused the credentials (" + answer + ")", retryAfter);
		}
		if (status == 429) {
			return retry("APNs is throttling (" + answer + ")", retryAfter);
		}
		if (status >= 500) {
			return retry("APNs failed (" + answer + ")", retryAfter);
		}
		return retry("unexpected answer from APNs (" + answer + ")", retryAfter);
	}

	private static Rejected rejected(Cause cause, String reason) {
		return new Rejected(ApnsChannelProvider.ID, reason, cause);
	}

	private static RetryLater retry(String reason, Duration retryAfter) {
		return new RetryLater(ApnsChannelProvider.ID, reason, retryAfter);
	}

}
