package dev.herald.channels.sms.twilio;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.herald.channels.ProviderSettings;

import static dev.herald.channels.sms.twilio.TwilioSmsProvider.ACCOUNT_SID;
import static dev.herald.channels.sms.twilio.TwilioSmsProvider.API_KEY_SECRET;
import static dev.herald.channels.sms.twilio.TwilioSmsProvider.API_KEY_SID;
import static dev.herald.channels.sms.twilio.TwilioSmsProvider.AUTH_TOKEN;
import static dev.herald.channels.sms.twilio.TwilioSmsProvider.BASE_URL;
import static dev.herald.channels.sms.twilio.TwilioSmsProvider.FROM;
import static dev.herald.channels.sms.twilio.TwilioSmsProvider.MESSAGING_SERVICE_SID;
import static dev.herald.channels.sms.twilio.TwilioSmsProvider.STATUS_CALLBACK_URL;

/**
 * One tenant's Twilio configuration, checked.
 *
 * @param messagesUrl where messages are created: {@code {baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json}
 * @param from the sender (phone number, short code or alphanumeric sender id), or {@code null}
 * @param messagingServiceSid the Messaging Service that picks the sender, or {@code null}
 * @param statusCallbackUrl where Twilio reports delivery status, or {@code null}
 * @param credentials the HTTP Basic credentials
 */
record TwilioSettings(URI messagesUrl, String from, String messagingServiceSid, String statusCallbackUrl,
		Credentials credentials) {

	static final String DEFAULT_BASE_URL = "https://api.twilio.com";

	/**
	 * Twilio's SIDs are two letters and 32 hex digits; compatible services use other ids (e.g. UUIDs), so only what
	 * is safe in a URL path and a Basic username is required.
	 */
	private static final Pattern SID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{1,63}");

	TwilioSettings {
		Objects.requireNonNull(messagesUrl, "messagesUrl");
		Objects.requireNonNull(credentials, "credentials");
		if (from == null && messagingServiceSid == null) {
			throw new IllegalArgumentException("a sender needs 'from' or 'messagingServiceSid'");
		}
	}

	static TwilioSettings of(ProviderSettings settings) {
		String accountSid = sid(settings, ACCOUNT_SID, "AC", settings.required(ACCOUNT_SID));
		Optional<String> from = settings.value(FROM).map(String::strip);
		Optional<String> messagingServiceSid = settings.value(MESSAGING_SERVICE_SID)
			.map((value) -> sid(settings, MESSAGING_SERVICE_SID, "MG", value));
		if (from.isEmpty() && messagingServiceSid.isEmpty()) {
			throw new IllegalArgumentException("provider " + settings.providerId() + " needs the setting '" + FROM
					+ "' (the sender number or id) or '" + MESSAGING_SERVICE_SID + "'");
		}
		if (from.isPresent() && hasControlCharacters(from.get())) {
			throw invalid(settings, FROM, "must not contain control characters");
		}
		String statusCallbackUrl = settings.value(STATUS_CALLBACK_URL)
			.map((value) -> statusCallbackUrl(settings, value))
			.orElse(null);
		URI baseUrl = baseUrl(settings, settings.value(BASE_URL).orElse(DEFAULT_BASE_URL));
		return new TwilioSettings(messagesUrl(baseUrl, accountSid), from.orElse(null),
				messagingServiceSid.orElse(null), statusCallbackUrl, credentials(settings, accountSid));
	}

	/** An API key when one is configured (revocable, Twilio's recommendation), else the account's auth token. */
	private static Credentials credentials(ProviderSettings settings, String accountSid) {
		Optional<String> apiKeySid = settings.value(API_KEY_SID);
		if (apiKeySid.isPresent()) {
			return new Credentials(sid(settings, API_KEY_SID, "SK", apiKeySid.get()),
					settings.secret(API_KEY_SECRET));
		}
		return new Credentials(accountSid, settings.secret(AUTH_TOKEN));
	}

	private static String sid(ProviderSettings settings, String key, String prefix, String value) {
		String sid = value.strip();
		if (!SID.matcher(sid).matches()) {
			throw invalid(settings, key,
					"must be a Twilio SID (letters, digits), such as " + prefix + "0123456789abcdef0123456789abcdef");
		}
		return sid;
	}

	/**
	 * HTTPS only, since every request carries the credentials; plain HTTP is let through for this machine's own
	 * fakes. The value is never echoed: it might hold credentials.
	 */
	private static URI baseUrl(ProviderSettings settings, String value) {
		URI url = absoluteUrl(settings, BASE_URL, value);
		if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
			throw invalid(settings, BASE_URL, "must be a plain URL such as " + DEFAULT_BASE_URL
					+ ", without credentials, query or fragment");
		}
		if (url.getScheme().equalsIgnoreCase("http") && !isLoopback(url.getHost())) {
			throw invalid(settings, BASE_URL, "must use https: every request carries the credentials");
		}
		return url;
	}

	private static String statusCallbackUrl(ProviderSettings settings, String value) {
		return absoluteUrl(settings, STATUS_CALLBACK_URL, value).toString();
	}

	private static URI absoluteUrl(ProviderSettings settings, String key, String value) {
		URI url;
		try {
			url = new URI(value.strip());
		}
		catch (URISyntaxException ex) {
			throw invalid(settings, key, "is not a URL");
		}
		if (url.getScheme() == null || url.getHost() == null
				|| !(url.getScheme().equalsIgnoreCase("https") || url.getScheme().equalsIgnoreCase("http"))) {
			throw invalid(settings, key, "must be an absolute http or https URL");
		}
		return url;
	}

	private static boolean isLoopback(String host) {
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		String literal = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		try {
			// A literal only: resolving a name here could be steered by whoever controls its DNS.
			return InetAddress.ofLiteral(literal).isLoopbackAddress();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static URI messagesUrl(URI baseUrl, String accountSid) {
		String base = baseUrl.toString();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return URI.create(base + "/2010-04-01/Accounts/" + accountSid + "/Messages.json");
	}

	private static boolean hasControlCharacters(String value) {
		return value.chars().anyMatch(Character::isISOControl);
	}

	private static IllegalArgumentException invalid(ProviderSettings settings, String key, String problem) {
		return new IllegalArgumentException(
				"provider " + settings.providerId() + ": the setting '" + key + "' " + problem);
	}

	/** HTTP Basic credentials: an account SID and auth token, or an API key SID and secret. */
	record Credentials(String username, String password) {

		Credentials {
			Objects.requireNonNull(username, "username");
			Objects.requireNonNull(password, "password");
		}

		String authorization() {
			String pair = this.username + ":" + this.password;
			return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String toString() {
			// Records print every component; the password must never reach a log line this way.
			return "Credentials[username=" + this.username + ", password=******]";
		}

	}

}
