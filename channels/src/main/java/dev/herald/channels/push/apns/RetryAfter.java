package dev.herald.channels.push.apns;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header, should APNs or a proxy in front of it send one (RFC 9110 section 10.2.3). */
final class RetryAfter {

	private RetryAfter() {
	}

	/** How long to wait, or {@code null} when the header is missing or unreadable (Herald's backoff applies). */
	static Duration of(HttpHeaders headers, Clock clock) {
		String value = headers.firstValue("Retry-After").map(String::strip).orElse(null);
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (value.chars().allMatch(Character::isDigit)) {
			try {
				return Duration.ofSeconds(Long.parseLong(value));
			}
			catch (NumberFormatException ex) {
				return null;
			}
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

}
