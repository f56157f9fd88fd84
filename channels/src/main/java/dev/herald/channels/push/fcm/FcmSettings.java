package dev.herald.channels.push.fcm;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import dev.herald.channels.ProviderSettings;

/**
 * One tenant's FCM configuration, checked.
 *
 * @param projectId the Firebase project messages are sent from
 * @param sendUri {@code {baseUrl}/v1/projects/{projectId}/messages:send}
 * @param tokenUri where access tokens come from
 */
record FcmSettings(String projectId, URI sendUri, URI tokenUri) {

	static final URI DEFAULT_BASE_URL = URI.create("https://fcm.googleapis.com");

	/** Google project ids are lower-case words with hyphens; older ones carry a domain prefix ({@code d.com:p}). */
	private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]*");

	static FcmSettings from(ProviderSettings settings, ServiceAccount account) {
		String projectId = settings.value(FcmChannelProvider.PROJECT_ID)
			.map(String::strip)
			.orElseGet(account::projectId);
		if (projectId == null) {
			throw new IllegalArgumentException("provider " + FcmChannelProvider.ID + " needs the setting '"
					+ FcmChannelProvider.PROJECT_ID + "': the service account JSON has no project_id");
		}
		if (!PROJECT_ID.matcher(projectId).matches()) {
			throw new IllegalArgumentException("provider " + FcmChannelProvider.ID + ": the setting '"
					+ FcmChannelProvider.PROJECT_ID + "' is not a Firebase project id: " + projectId);
		}
		URI baseUrl = settings.value(FcmChannelProvider.BASE_URL)
			.map((value) -> endpoint("the setting '" + FcmChannelProvider.BASE_URL + "'", value))
			.orElse(DEFAULT_BASE_URL);
		URI tokenUri = settings.value(FcmChannelProvider.TOKEN_URI)
			.map((value) -> endpoint("the setting '" + FcmChannelProvider.TOKEN_URI + "'", value))
			.orElse(account.tokenUri());
		String base = baseUrl.toString().replaceAll("/+$", "");
		return new FcmSettings(projectId, URI.create(base + "/v1/projects/" + projectId + "/messages:send"),
				tokenUri);
	}

	/** An absolute http(s) URL without user info, query or fragment: credentials are sent there. */
	static URI endpoint(String what, String value) {
		URI uri;
		try {
			uri = new URI(value.strip());
		}
		catch (URISyntaxException ex) {
			throw notAnEndpoint(what);
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
				|| uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
				|| uri.getRawFragment() != null) {
			throw notAnEndpoint(what);
		}
		return uri;
	}

	private static IllegalArgumentException notAnEndpoint(String what) {
		// Without the value: a URL with user info would put a password in the message.
		return new IllegalArgumentException("provider " + FcmChannelProvider.ID + ": " + what
				+ " is not an http(s) URL like https://host[:port][/path] (without user info, query or fragment)");
	}

}
