package dev.herald.channels.push.webpush;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

/**
 * Voluntary Application Server Identification (RFC 8292): proves to a push service that Herald holds the key the
 * subscription was created with ({@code applicationServerKey} in the browser), and names a contact.
 */
final class Vapid {

	/**
	 * How long a token is valid. RFC 8292 allows at most 24 hours; half of that leaves room for clocks that disagree
	 * by hours.
	 */
	static final Duration VALIDITY = Duration.ofHours(12);

	private static final String JWT_HEADER = Base64Url
		.encode("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.US_ASCII));

	private static final JsonMapper json = JsonMapper.shared();

	private final String subject;

	private final ECPrivateKey privateKey;

	private final String publicKey;

	private final Clock clock;

	private Vapid(String subject, ECPrivateKey privateKey, String publicKey, Clock clock) {
		this.subject = subject;
		this.privateKey = privateKey;
		this.publicKey = publicKey;
		this.clock = clock;
	}

	/**
	 * Checks the contact and the key pair and makes a signer of them.
	 * @param subject a {@code mailto:} or {@code https:} URI where the push service can reach the sender
	 * @param publicKey base64url uncompressed P-256 point, the browser's {@code applicationServerKey}
	 * @param privateKey base64url raw 32-byte scalar or PKCS#8 (PEM or DER); never quoted in an exception
	 * @throws IllegalArgumentException when any is malformed or the keys are not one pair
	 */
	static Vapid of(String subject, String publicKey, String privateKey, Clock clock) {
		checkSubject(subject);
		ECPublicKey publicKeyValue;
		try {
			publicKeyValue = P256.publicKey(Base64Url.decode(publicKey));
		}
		catch (IllegalArgumentException | InvalidKeySpecException ex) {
			throw new IllegalArgumentException("provider webpush: setting 'publicKey' is not a VAPID public key "
					+ "(base64url of a 65-byte uncompressed P-256 point): " + ex.getMessage());
		}
		ECPrivateKey privateKeyValue;
		try {
			privateKeyValue = P256.privateKey(decodePrivateKey(privateKey));
		}
		catch (IllegalArgumentException | InvalidKeySpecException ex) {
			// Not the exception's message: a decoder's message can quote the offending characters of the secret.
			throw new IllegalArgumentException("provider webpush: secret 'privateKey' is not a VAPID private key "
					+ "(base64url of the raw 32-byte P-256 scalar, or PKCS#8)");
		}
		if (!isPair(privateKeyValue, publicKeyValue)) {
			// Push services would refuse every message with 401/403; say so once, at configuration time.
			throw new IllegalArgumentException(
					"provider webpush: setting 'publicKey' does not belong to secret 'privateKey'");
		}
		return new Vapid(subject, privateKeyValue, Base64Url.encode(P256.uncompressed(publicKeyValue)),
				Objects.requireNonNull(clock, "clock"));
	}

	/** The {@code Authorization} header value for a request to this endpoint. */
	String authorization(URI endpoint) throws GeneralSecurityException {
		return "vapid t=" + token(audience(endpoint)) + ", k=" + this.publicKey;
	}

	String publicKey() {
		return this.publicKey;
	}

	String subject() {
		return this.subject;
	}

	/** A signed JWT for one push service. Signing costs well under a millisecond, so tokens are not cached. */
	String token(String audience) throws GeneralSecurityException {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("aud", audience);
		claims.put("exp", this.clock.instant().plus(VALIDITY).getEpochSecond());
		claims.put("sub", this.subject);
		String signingInput = JWT_HEADER + "." + Base64Url.encode(json.writeValueAsBytes(claims));
		return signingInput + "." + Base64Url.encode(sign(this.privateKey, signingInput));
	}

	/**
	 * The origin of a push endpoint (RFC 6454 serialisation: scheme, host, and the port unless it is the scheme's
	 * default), which is what push services compare {@code aud} with.
	 */
	static String audience(URI endpoint) {
		String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
		String host = endpoint.getHost().toLowerCase(Locale.ROOT);
		int port = endpoint.getPort();
		boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443)
				|| (scheme.equals("http") && port == 80);
		return scheme + "://" + host + (defaultPort ? "" : ":" + port);
	}

	@Override
	public String toString() {
		return "Vapid[subject=" + this.subject + ", publicKey=" + this.publicKey + "]";
	}

	private static void checkSubject(String subject) {
		URI uri;
		try {
			uri = URI.create(subject);
		}
		catch (IllegalArgumentException ex) {
			uri = null;
		}
		String scheme = (uri != null) ? uri.getScheme() : null;
		boolean mailto = scheme != null && scheme.equalsIgnoreCase("mailto")
				&& uri.getSchemeSpecificPart().contains("@");
		boolean https = scheme != null && scheme.equalsIgnoreCase("https") && uri.getHost() != null;
		boolean valid = mailto || https;
		if (!valid) {
			throw new IllegalArgumentException("provider webpush: setting 'subject' must be a mailto: or https: URI "
					+ "where the push service can reach you, e.g. mailto:ops@example.com, not \"" + subject + "\"");
		}
	}

	private static byte[] decodePrivateKey(String text) {
		String stripped = text.strip();
		if (stripped.startsWith("-----BEGIN")) {
			// PEM: the base64 between the armour lines.
			stripped = stripped.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		}
		return Base64Url.decode(stripped);
	}

	private static boolean isPair(ECPrivateKey privateKey, ECPublicKey publicKey) {
		// The JDK offers no public scalar multiplication; a signature that verifies proves the pair just as well.
		try {
			String probe = "herald vapid key check";
			Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
			verifier.initVerify(publicKey);
			verifier.update(probe.getBytes(StandardCharsets.US_ASCII));
			return verifier.verify(sign(privateKey, probe));
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/** ES256 in JOSE form: the raw 64-byte r || s, not DER (RFC 7518 section 3.4). */
	private static byte[] sign(ECPrivateKey key, String input) throws GeneralSecurityException {
		Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
		signer.initSign(key);
		signer.update(input.getBytes(StandardCharsets.US_ASCII));
		return signer.sign();
	}

}
