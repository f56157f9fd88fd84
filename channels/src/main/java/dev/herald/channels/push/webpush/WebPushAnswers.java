package dev.herald.channels.push.webpush;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;

/**
 * What a push service's answer (RFC 8030 section 5 and the services' documented errors) means for the delivery.
 */
final class WebPushAnswers {

	static final String PROVIDER = "webpush";

	private static final int MAX_DETAIL_LENGTH = 200;

	private WebPushAnswers() {
	}

	/**
	 * @param location the {@code Location} header: the push message resource, the service's id for the message
	 * @param retryAfter the {@code Retry-After} header
	 * @param body the start of the answer's body, quoted (shortened, on one line) in reasons
	 */
	static DeliveryResult of(int status, Optional<String> location, Optional<String> retryAfter, String body,
			String deliveryId, String host, Clock clock) {
		String answer = " (" + host + " answered " + status + detail(body) + ")";
		if (status >= 200 && status <= 299) {
			return new Delivered(PROVIDER, location.filter((value) -> !value.isBlank()).orElse(deliveryId));
		}
		return switch (status) {
			// 404 and 410: the browser unsubscribed or the subscription expired; it will never work again.
			case 404, 410 -> new Rejected(PROVIDER, "subscription is gone" + answer, Cause.ADDRESS_GONE);
			case 413 -> new Rejected(PROVIDER, "notification is too large for the push service" + answer,
					Cause.CONTENT);
			case 429 -> new RetryLater(PROVIDER, "push service is throttling" + answer, retryAfter(retryAfter, clock));
			// Push services answer 401/403 to a bad or mismatched VAPID key: the operator can fix the configuration.
			case 401, 403 -> new RetryLater(PROVIDER, "push service refused the VAPID credentials" + answer, null);
			case 400 -> new Rejected(PROVIDER, "push service refused the subscription" + answer,
					Cause.INVALID_ADDRESS);
			case 408 -> new RetryLater(PROVIDER, "push service timed out" + answer, retryAfter(retryAfter, clock));
			default -> (status >= 500) ? new RetryLater(PROVIDER, "push service failed" + answer,
					retryAfter(retryAfter, clock)) : unexpected(status, answer, retryAfter, clock);
		};
	}

	private static DeliveryResult unexpected(int status, String answer, Optional<String> retryAfter, Clock clock) {
		if (status >= 400) {
			// Another 4xx (405, 415 …) refuses this request as such; sending it again would get the same answer.
			return new Rejected(PROVIDER, "push service refused the message" + answer, Cause.OTHER);
		}
		// 1xx/3xx: redirects are not followed (the endpoint is the browser's to give); nothing says it arrived.
		return new RetryLater(PROVIDER, "unexpected answer from the push service" + answer,
				retryAfter(retryAfter, clock));
	}

	/** {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 section 10.2.3); null when absent or invalid. */
	static Duration retryAfter(Optional<String> header, Clock clock) {
		if (header.isEmpty() || header.get().isBlank()) {
			return null;
		}
		String value = header.get().strip();
		try {
			long seconds = Long.parseLong(value);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			// Not seconds; perhaps a date.
		}
		try {
			Duration wait = Duration.between(clock.instant(),
					ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** A push service's error body on one line, shortened; control characters cannot reach a log line through it. */
	private static String detail(String body) {
		String text = body.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\s]+", " ").strip();
		if (text.isEmpty()) {
			return "";
		}
		return ": " + ((text.length() > MAX_DETAIL_LENGTH) ? text.substring(0, MAX_DETAIL_LENGTH) + "…" : text);
	}

}
