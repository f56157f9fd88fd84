package dev.herald.channels.push.webpush;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a push service checks of a VAPID {@code Authorization} header (RFC 8292 section 3, RFC 7515, RFC 7518
 * section 3.4), independently of the production code.
 */
final class VapidVerifier {

	private static final Pattern AUTHORIZATION = Pattern
		.compile("vapid t=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)");

	private VapidVerifier() {
	}

	/**
	 * The verified token of a header.
	 * @throws Refused saying what is wrong: a push service would answer 401
	 */
	static Token verify(String authorization, String expectedAudience, Instant now) throws Refused {
		if (authorization == null) {
			throw new Refused("no Authorization header");
		}
		Matcher matcher = AUTHORIZATION.matcher(authorization);
		if (!matcher.matches()) {
			throw new Refused("Authorization is not 'vapid t=<jwt>, k=<key>': " + authorization);
		}
		String jwt = matcher.group(1);
		String publicKey = matcher.group(2);
		String[] parts = jwt.split("\\.");
		try {
			JsonNode header = JsonMapper.shared().readTree(Browser.base64Url(parts[0]));
			if (!header.path("alg").asString("").equals("ES256") || !header.path("typ").asString("").equals("JWT")
					|| header.size() != 2) {
				throw new Refused("JWT header must be {\"typ\":\"JWT\",\"alg\":\"ES256\"}: " + header);
			}
			byte[] signature = Browser.base64Url(parts[2]);
			if (signature.length != 64) {
				throw new Refused("ES256 signature must be the 64-byte r || s, not " + signature.length + " bytes");
			}
			Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
			verifier.initVerify(Browser.publicKey(Browser.base64Url(publicKey)));
			verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
			if (!verifier.verify(signature)) {
				throw new Refused("JWT signature does not verify with k");
			}
			JsonNode claims = JsonMapper.shared().readTree(Browser.base64Url(parts[1]));
			String audience = claims.path("aud").asString("");
			if (!audience.equals(expectedAudience)) {
				throw new Refused("aud is \"" + audience + "\", the endpoint's origin is " + expectedAudience);
			}
			if (!claims.path("exp").isIntegralNumber()) {
				throw new Refused("exp is missing or not a number");
			}
			Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
			if (!expires.isAfter(now) || expires.isAfter(now.plus(Duration.ofHours(24)))) {
				throw new Refused("exp " + expires + " is not in the next 24 hours from " + now);
			}
			String subject = claims.path("sub").asString("");
			if (!subject.startsWith("mailto:") && !subject.startsWith("https:")) {
				throw new Refused("sub must be a mailto: or https: contact, not \"" + subject + "\"");
			}
			return new Token(audience, expires, subject, publicKey);
		}
		catch (GeneralSecurityException | IllegalArgumentException | tools.jackson.core.JacksonException ex) {
			throw new Refused("malformed token: " + ex);
		}
	}

	/** A token that verified: its claims and the key it was signed with. */
	record Token(String audience, Instant expires, String subject, String publicKey) {
	}

	static final class Refused extends Exception {

		Refused(String reason) {
			super(reason);
		}

	}

}
