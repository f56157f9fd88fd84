package dev.herald.functions.sns;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The only URLs Herald fetches for SNS: HTTPS to {@code sns.<region>.amazonaws.com} (or {@code .amazonaws.com.cn}),
 * no user info, no port, no IP literal, and a path of the expected shape. Checked on the URL as received, before any
 * request, so a message cannot lead Herald anywhere else (SSRF).
 */
public final class SnsUrls {

	private static final Pattern SNS_HOST = Pattern.compile("sns\\.[a-z0-9]+(-[a-z0-9]+)*\\.amazonaws\\.com(\\.cn)?");

	private static final Pattern ISSUER_HOST = Pattern.compile("crt\\.[a-z0-9]+\\.amazontrust\\.com");

	private static final Pattern ISSUER_PATH = Pattern.compile("/[A-Za-z0-9-]+\\.(cer|crt|der|pem)");

	private static final Pattern CERTIFICATE_PATH = Pattern.compile("/SimpleNotificationService-[0-9a-fA-F]{1,128}\\.pem");

	private SnsUrls() {
	}

	/** Why Herald will not fetch this as an SNS signing certificate; empty when it may. */
	public static Optional<String> signingCertificateRefusal(String url) {
		URI uri;
		try {
			uri = snsUri(url, "SigningCertURL");
		}
		catch (Refusal refusal) {
			return Optional.of(refusal.getMessage());
		}
		if (uri.getRawQuery() != null || uri.getRawPath() == null
				|| !CERTIFICATE_PATH.matcher(uri.getRawPath()).matches()) {
			return Optional.of("SigningCertURL must have the path /SimpleNotificationService-<hex>.pem and no query");
		}
		return Optional.empty();
	}

	/**
	 * Why Herald will not fetch this as the issuer of an SNS signing certificate (its Authority Information Access
	 * caIssuers URL, where Amazon publishes its intermediate CAs); empty when it may. Plain http is allowed, as
	 * Amazon publishes them: what is fetched must still chain to a trusted root before it counts.
	 */
	public static Optional<String> issuerCertificateRefusal(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			return Optional.of("the issuer URL is not a valid URL");
		}
		boolean allowed = ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
				&& uri.getRawUserInfo() == null && uri.getPort() == -1 && uri.getRawQuery() == null
				&& uri.getRawFragment() == null && uri.getHost() != null
				&& uri.getHost().equalsIgnoreCase(uri.getRawAuthority())
				&& ISSUER_HOST.matcher(uri.getHost().toLowerCase(Locale.ROOT)).matches() && uri.getRawPath() != null
				&& ISSUER_PATH.matcher(uri.getRawPath()).matches();
		return allowed ? Optional.empty()
				: Optional.of("the issuer URL must be Amazon's, http(s)://crt.<name>.amazontrust.com/<name>.cer");
	}

	/** Why Herald will not fetch this SubscribeURL to confirm a subscription to the topic; empty when it may. */
	public static Optional<String> subscribeUrlRefusal(String url, String topicArn) {
		URI uri;
		try {
			uri = snsUri(url, "SubscribeURL");
		}
		catch (Refusal refusal) {
			return Optional.of(refusal.getMessage());
		}
		if (!"/".equals(uri.getRawPath()) || uri.getRawQuery() == null) {
			return Optional.of("SubscribeURL must be SNS's ConfirmSubscription action at the path /");
		}
		if (!"ConfirmSubscription".equals(parameter(uri.getRawQuery(), "Action"))) {
			return Optional.of("SubscribeURL must be SNS's ConfirmSubscription action");
		}
		if (!topicArn.equals(parameter(uri.getRawQuery(), "TopicArn"))) {
			return Optional.of("SubscribeURL must confirm the message's own topic");
		}
		return Optional.empty();
	}

	private static URI snsUri(String url, String field) throws Refusal {
		if (url == null || url.isEmpty()) {
			throw new Refusal(field + " is missing");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new Refusal(field + " is not a valid URL");
		}
		if (!"https".equalsIgnoreCase(uri.getScheme())) {
			throw new Refusal(field + " must use https");
		}
		if (uri.getRawUserInfo() != null) {
			throw new Refusal(field + " must not carry user information");
		}
		if (uri.getPort() != -1) {
			throw new Refusal(field + " must not name a port");
		}
		if (uri.getRawFragment() != null) {
			throw new Refusal(field + " must not have a fragment");
		}
		String host = uri.getHost();
		// A registry-based authority (underscores, odd characters) has no host; the authority must be the host alone.
		if (host == null || !host.equalsIgnoreCase(uri.getRawAuthority())
				|| !SNS_HOST.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
			throw new Refusal(field + " must be on an SNS host, sns.<region>.amazonaws.com");
		}
		return uri;
	}

	private static String parameter(String rawQuery, String name) {
		String found = null;
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			String key = (equals < 0) ? pair : pair.substring(0, equals);
			if (key.equals(name)) {
				if (found != null) {
					return null;
				}
				try {
					found = URLDecoder.decode((equals < 0) ? "" : pair.substring(equals + 1), StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					return null;
				}
			}
		}
		return found;
	}

	private static final class Refusal extends Exception {

		Refusal(String message) {
			super(message, null, false, false);
		}

	}

}
