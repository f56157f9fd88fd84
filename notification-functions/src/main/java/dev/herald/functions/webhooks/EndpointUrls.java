package dev.herald.functions.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a webhook endpoint's URL may be. Herald POSTs to it from inside the operator's network, so a tenant must not
 * be able to aim it there (SSRF): https to a named public host, no IP literal, no localhost or internal names, no
 * user info. An operator who allows endpoint overrides ({@code herald.functions.allow-endpoint-overrides}: tests,
 * private deployments) lifts all of that but the need for an http(s) URL with a host.
 */
public final class EndpointUrls {

	static final int MAX_LENGTH = 2000;

	private EndpointUrls() {
	}

	/** Why the URL may not be an endpoint, or empty when it may. */
	public static Optional<String> problem(String url, boolean allowPrivate) {
		if (url == null || url.isBlank()) {
			return Optional.of("is required");
		}
		if (url.length() > MAX_LENGTH) {
			return Optional.of("must have at most " + MAX_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Optional.of("is not a valid URL: " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
			return Optional.of("must be an https URL");
		}
		if (uri.getRawUserInfo() != null) {
			return Optional.of("must not hold user info (credentials)");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			return Optional.of("must name a host");
		}
		if (uri.getRawFragment() != null) {
			return Optional.of("must not have a fragment");
		}
		if (allowPrivate) {
			return Optional.empty();
		}
		String lower = host.toLowerCase(Locale.ROOT);
		if (lower.startsWith("[") || lower.matches("[0-9.]+") || lower.matches("0x[0-9a-f.x]+")) {
			return Optional.of("must name its host, not an IP address");
		}
		if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.endsWith(".local")
				|| lower.endsWith(".internal") || lower.endsWith(".localdomain") || !lower.contains(".")) {
			return Optional.of("must name a public host, not localhost or an internal name");
		}
		return Optional.empty();
	}

	/**
	 * Whether an address the endpoint's host resolves to is one Herald must not call: loopback, private, link-local
	 * (cloud metadata services), carrier-grade NAT, multicast or unspecified.
	 */
	static boolean isPrivate(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240;
		}
		// IPv6 unique local addresses, fc00::/7.
		return (bytes[0] & 0xfe) == 0xfc;
	}

}
