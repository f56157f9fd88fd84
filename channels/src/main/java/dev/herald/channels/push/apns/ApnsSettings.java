package dev.herald.channels.push.apns;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.herald.channels.ProviderSettings;

/**
 * One tenant's APNs configuration, checked.
 *
 * @param teamId the Apple developer team that owns the key, the JWT's issuer
 * @param keyId the id of the signing key (.p8) in that team, the JWT's {@code kid}
 * @param topic the app's bundle id, sent as {@code apns-topic}
 * @param baseUrl APNs' address: production, sandbox or an override, without trailing slash
 */
record ApnsSettings(String teamId, String keyId, String topic, URI baseUrl) {

	static final URI PRODUCTION = URI.create("https://api.push.apple.com");

	static final URI SANDBOX = URI.create("https://api.sandbox.push.apple.com");

	/** Team and key ids are ten upper-case letters and digits, as the developer account shows them. */
	private static final Pattern APPLE_ID = Pattern.compile("[A-Z0-9]{10}");

	/** Bundle ids (letters, digits, hyphens, dots), with suffixes such as {@code .voip} for other push types. */
	private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

	static ApnsSettings from(ProviderSettings settings) {
		String teamId = appleId(settings, ApnsChannelProvider.TEAM_ID);
		String keyId = appleId(settings, ApnsChannelProvider.KEY_ID);
		String topic = settings.required(ApnsChannelProvider.TOPIC).strip();
		if (!TOPIC.matcher(topic).matches()) {
			throw invalid("the setting '" + ApnsChannelProvider.TOPIC + "' is not a bundle id (e.g. com.shop.app): "
					+ topic);
		}
		boolean sandbox = sandbox(settings);
		URI baseUrl = settings.value(ApnsChannelProvider.BASE_URL)
			.map(ApnsSettings::endpoint)
			.orElse(sandbox ? SANDBOX : PRODUCTION);
		return new ApnsSettings(teamId, keyId, topic, baseUrl);
	}

	private static String appleId(ProviderSettings settings, String key) {
		String value = settings.required(key).strip();
		if (!APPLE_ID.matcher(value).matches()) {
			throw invalid("the setting '" + key + "' is not an Apple id of ten letters and digits: " + value);
		}
		return value;
	}

	private static boolean sandbox(ProviderSettings settings) {
		String value = settings.value(ApnsChannelProvider.SANDBOX)
			.map((text) -> text.strip().toLowerCase(Locale.ROOT))
			.orElse("false");
		return switch (value) {
			case "true" -> true;
			case "false" -> false;
			default -> throw invalid("the setting '" + ApnsChannelProvider.SANDBOX + "' is true or false, not "
					+ value);
		};
	}

	/** APNs speaks HTTP/2 over TLS only, so only https; no user info, query or fragment either. */
	private static URI endpoint(String value) {
		URI uri;
		try {
			uri = new URI(value.strip());
		}
		catch (URISyntaxException ex) {
			throw notAnEndpoint();
		}
		if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("https") || uri.getHost() == null
				|| uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw notAnEndpoint();
		}
		return URI.create(uri.toString().replaceAll("/+$", ""));
	}

	private static IllegalArgumentException notAnEndpoint() {
		// Without the value: a URL with user info would put a password in the message.
		return invalid("the setting '" + ApnsChannelProvider.BASE_URL
				+ "' is not an https URL like https://host[:port] (APNs needs HTTP/2 over TLS)");
	}

	private static IllegalArgumentException invalid(String problem) {
		return new IllegalArgumentException("provider " + ApnsChannelProvider.ID + ": " + problem);
	}

}
