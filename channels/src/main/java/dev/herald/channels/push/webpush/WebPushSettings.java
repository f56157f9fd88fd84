package dev.herald.channels.push.webpush;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import dev.herald.channels.ProviderSettings;

/**
 * One tenant's Web Push configuration, checked once when the channel is created.
 *
 * @param vapid the tenant's VAPID identity: contact and key pair
 * @param ttl how long the push service keeps a message for an offline browser ({@code TTL} header)
 * @param allowInsecureEndpoints whether {@code http:} endpoints may be used (local push services and tests only)
 * @param endpointOverride when set, requests go to this base URL, followed by the subscription endpoint's path and
 * query, instead of the endpoint's own origin (a relay or a test double); {@code aud} stays the subscription's origin
 * @param timeout how long to wait for the connection and for the push service's whole answer
 */
record WebPushSettings(Vapid vapid, Duration ttl, boolean allowInsecureEndpoints, Optional<URI> endpointOverride,
		Duration timeout) {

	static final String SUBJECT = "subject";

	static final String PUBLIC_KEY = "publicKey";

	static final String PRIVATE_KEY = "privateKey";

	static final String TTL_SECONDS = "ttlSeconds";

	static final String ALLOW_INSECURE_ENDPOINTS = "allowInsecureEndpoints";

	static final String ENDPOINT_OVERRIDE = "endpointOverride";

	static final String TIMEOUT_SECONDS = "timeoutSeconds";

	static final long DEFAULT_TTL_SECONDS = 86_400;

	/** Four weeks: the longest push services keep a message (FCM's limit; others cap lower on their own). */
	static final long MAX_TTL_SECONDS = 2_419_200;

	static final long DEFAULT_TIMEOUT_SECONDS = 10;

	static WebPushSettings from(ProviderSettings settings, Clock clock) {
		Vapid vapid = Vapid.of(settings.required(SUBJECT), settings.required(PUBLIC_KEY),
				settings.secret(PRIVATE_KEY), clock);
		long ttl = number(settings, TTL_SECONDS, DEFAULT_TTL_SECONDS, 0, MAX_TTL_SECONDS);
		boolean allowInsecure = bool(settings, ALLOW_INSECURE_ENDPOINTS);
		Optional<URI> override = settings.value(ENDPOINT_OVERRIDE).map((url) -> baseUrl(url, allowInsecure));
		long timeout = number(settings, TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS, 1, 300);
		return new WebPushSettings(vapid, Duration.ofSeconds(ttl), allowInsecure, override,
				Duration.ofSeconds(timeout));
	}

	private static long number(ProviderSettings settings, String key, long defaultValue, long min, long max) {
		Optional<String> text = settings.value(key);
		if (text.isEmpty()) {
			return defaultValue;
		}
		try {
			long value = Long.parseLong(text.get().strip());
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the allowed range.
		}
		throw new IllegalArgumentException("provider webpush: setting '" + key + "' must be a whole number from "
				+ min + " to " + max + ", not \"" + text.get() + "\"");
	}

	private static boolean bool(ProviderSettings settings, String key) {
		String text = settings.value(key).orElse("false").strip().toLowerCase(Locale.ROOT);
		return switch (text) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(
					"provider webpush: setting '" + key + "' must be true or false, not \"" + text + "\"");
		};
	}

	private static URI baseUrl(String text, boolean allowInsecure) {
		URI uri;
		try {
			uri = new URI(text.strip());
		}
		catch (java.net.URISyntaxException ex) {
			uri = null;
		}
		String scheme = (uri != null && uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		boolean valid = uri != null && uri.getHost() != null && uri.getRawQuery() == null
				&& uri.getRawFragment() == null && uri.getRawUserInfo() == null
				&& (scheme.equals("https") || scheme.equals("http"));
		if (!valid) {
			throw new IllegalArgumentException("provider webpush: setting '" + ENDPOINT_OVERRIDE
					+ "' must be a base URL like https://push.example.com, not \"" + text + "\"");
		}
		if (scheme.equals("http") && !allowInsecure) {
			throw new IllegalArgumentException("provider webpush: setting '" + ENDPOINT_OVERRIDE
					+ "' uses http, which needs setting '" + ALLOW_INSECURE_ENDPOINTS + "' = true");
		}
		return uri;
	}

}
