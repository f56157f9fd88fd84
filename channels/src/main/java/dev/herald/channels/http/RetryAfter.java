package dev.herald.channels.http;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {

	private RetryAfter() {
	}

	/** How long to wait, or {@code null} when the header is absent or unreadable (Herald's backoff applies). */
	public static Duration parse(String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		if (trimmed.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			try {
				return Duration.ofSeconds(Long.parseLong(trimmed));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		try {
			Instant when = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return when.isAfter(now) ? Duration.between(now, when) : Duration.ZERO;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** The same, read from a response's headers. */
	public static Duration of(HttpHeaders headers, Clock clock) {
		return parse(headers.firstValue("Retry-After").orElse(null), clock.instant());
	}

}
