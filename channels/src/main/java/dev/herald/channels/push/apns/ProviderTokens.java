package dev.herald.channels.push.apns;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * APNs provider tokens (ES256 JWTs) for one signing key. APNs refuses a token older than an hour and answers
 * {@code TooManyProviderTokenUpdates} to one renewed more often than every 20 minutes, so a token is reused for
 * {@link #REUSE} and only then signed anew, one thread at a time.
 */
final class ProviderTokens {

	static final Duration REUSE = Duration.ofMinutes(50);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String teamId;

	private final String keyId;

	private final PrivateKey key;

	private final Clock clock;

	private final ReentrantLock renewal = new ReentrantLock();

	private volatile Token current;

	ProviderTokens(String teamId, String keyId, PrivateKey key, Clock clock) {
		this.teamId = teamId;
		this.keyId = keyId;
		this.key = key;
		this.clock = clock;
	}

	/**
	 * Reads an APNs signing key: the .p8 file Apple gives, a PEM PKCS#8 P-256 key. Reasons never quote the key.
	 */
	static PrivateKey signingKey(String pem) {
		String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
			.replace("-----END PRIVATE KEY-----", "")
			.replaceAll("\\s", "");
		PrivateKey key;
		try {
			byte[] der = Base64.getDecoder().decode(base64);
			key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			// No cause and no detail: both could carry key material.
			throw notASigningKey();
		}
		if (!(key instanceof ECPrivateKey ec) || ec.getParams().getOrder().bitLength() != 256) {
			throw notASigningKey();
		}
		return key;
	}

	private static IllegalArgumentException notASigningKey() {
		return new IllegalArgumentException("provider " + ApnsChannelProvider.ID + ": the secret '"
				+ ApnsChannelProvider.PRIVATE_KEY
				+ "' is not an APNs signing key: paste the whole .p8 file (PEM, BEGIN PRIVATE KEY, P-256)");
	}

	/** The current token, signed anew once it is {@link #REUSE} old or was refused. */
	String get() throws GeneralSecurityException {
		Token token = this.current;
		if (token != null && fresh(token, this.clock.instant())) {
			return token.jwt();
		}
		this.renewal.lock();
		try {
			token = this.current;
			Instant now = this.clock.instant();
			if (token == null || !fresh(token, now)) {
				token = sign(now);
				this.current = token;
			}
			return token.jwt();
		}
		finally {
			this.renewal.unlock();
		}
	}

	/** Forgets a token APNs refused ({@code ExpiredProviderToken}, {@code InvalidProviderToken}). */
	void invalidate(String jwt) {
		this.renewal.lock();
		try {
			Token token = this.current;
			if (token != null && token.jwt().equals(jwt)) {
				this.current = null;
			}
		}
		finally {
			this.renewal.unlock();
		}
	}

	private static boolean fresh(Token token, Instant now) {
		Duration age = Duration.between(token.issuedAt(), now);
		// A clock set back makes the age negative: renew rather than keep a token from the "future".
		return !age.isNegative() && age.compareTo(REUSE) < 0;
	}

	private Token sign(Instant now) throws GeneralSecurityException {
		Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
		ObjectNode header = JSON.createObjectNode().put("alg", "ES256").put("kid", this.keyId);
		ObjectNode claims = JSON.createObjectNode().put("iss", this.teamId).put("iat", issuedAt.getEpochSecond());
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signingInput = base64.encodeToString(JSON.writeValueAsBytes(header)) + "."
				+ base64.encodeToString(JSON.writeValueAsBytes(claims));
		// JOSE wants the raw r||s pair (RFC 7518 section 3.4), not the DER sequence SHA256withECDSA produces.
		Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
		signature.initSign(this.key);
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return new Token(signingInput + "." + base64.encodeToString(signature.sign()), issuedAt);
	}

	private record Token(String jwt, Instant issuedAt) {

		@Override
		public String toString() {
			return "Token[issuedAt=" + this.issuedAt + "]";
		}

	}

}
