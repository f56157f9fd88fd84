package dev.herald.channels.push.webpush;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Locale;

import dev.herald.channels.PushTarget;

/**
 * A browser's push subscription as the Push API hands it out ({@code PushSubscription.toJSON()}): where to post, and
 * the keys to encrypt for.
 *
 * @param endpoint the push resource on the browser vendor's push service
 * @param userAgentKey the browser's P-256 public key ({@code keys.p256dh})
 * @param authSecret the browser's 16-byte authentication secret ({@code keys.auth})
 */
record Subscription(URI endpoint, ECPublicKey userAgentKey, byte[] authSecret) {

	static final String P256DH = "p256dh";

	static final String AUTH = "auth";

	/**
	 * Reads a registered device's subscription.
	 * @throws Invalid when it can never be pushed to; the reason quotes neither the keys nor the endpoint's path
	 */
	static Subscription of(PushTarget device, boolean allowInsecure) throws Invalid {
		URI endpoint = endpoint(device.token(), allowInsecure);
		String p256dh = device.keys().get(P256DH);
		String auth = device.keys().get(AUTH);
		if (p256dh == null || p256dh.isBlank() || auth == null || auth.isBlank()) {
			throw new Invalid("subscription lacks its 'p256dh' or 'auth' key, so its messages cannot be encrypted");
		}
		ECPublicKey userAgentKey;
		try {
			userAgentKey = P256.publicKey(Base64Url.decode(p256dh));
		}
		catch (IllegalArgumentException | InvalidKeySpecException ex) {
			throw new Invalid("subscription key 'p256dh' is not a base64url P-256 public key");
		}
		byte[] authSecret;
		try {
			authSecret = Base64Url.decode(auth);
		}
		catch (IllegalArgumentException ex) {
			authSecret = new byte[0];
		}
		if (authSecret.length != WebPushEncryption.AUTH_SECRET_LENGTH) {
			throw new Invalid("subscription key 'auth' is not a base64url 16-byte secret");
		}
		return new Subscription(endpoint, userAgentKey, authSecret);
	}

	private static URI endpoint(String text, boolean allowInsecure) throws Invalid {
		URI uri;
		try {
			uri = new URI(text.strip());
		}
		catch (URISyntaxException ex) {
			throw new Invalid("subscription endpoint is not a URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
				|| !(scheme.equals("https") || scheme.equals("http"))) {
			throw new Invalid("subscription endpoint is not an https URL");
		}
		if (scheme.equals("http") && !allowInsecure) {
			// RFC 8030 section 8: push services are reached over TLS; plain http is for local push services only.
			throw new Invalid("subscription endpoint on " + uri.getHost()
					+ " uses http; Web Push needs https (setting 'allowInsecureEndpoints' is for local testing)");
		}
		return uri;
	}

	/** A subscription that can never be pushed to. */
	static final class Invalid extends Exception {

		Invalid(String reason) {
			super(reason, null, false, false);
		}

	}

}
