package dev.herald.console.snsapi;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.herald.db.snsapi.SnsAccessKeyRepository.SigningKey;
import dev.herald.db.tenant.TenantId;

/**
 * Verifies AWS Signature Version 4 exactly as AWS documents it: the canonical request (method, URI, query, signed
 * headers, payload hash), the string to sign, and the key derived from the secret through date, region and service.
 * The signature is compared in constant time; a request more than 15 minutes off the server's clock is refused, as
 * AWS does, so a captured request cannot be replayed later.
 */
final class SigV4Verifier {

	static final Duration MAX_SKEW = Duration.ofMinutes(15);

	private static final String ALGORITHM = "AWS4-HMAC-SHA256";

	private static final String SERVICE = "sns";

	private static final Pattern AUTHORIZATION = Pattern.compile(
			"AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]{64})\\s*");

	private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final HexFormat HEX = HexFormat.of();

	private final Function<String, Optional<SigningKey>> keys;

	private final Clock clock;

	SigV4Verifier(Function<String, Optional<SigningKey>> keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * @return the tenant and the region the request was signed for
	 * @throws SnsError {@code MissingAuthenticationToken}, {@code IncompleteSignature}, {@code InvalidClientTokenId}
	 * or {@code SignatureDoesNotMatch}
	 */
	Verified verify(SignedRequest request) {
		String authorization = request.header("authorization");
		if (authorization == null || authorization.isBlank()) {
			throw SnsError.missingAuthenticationToken();
		}
		Matcher matcher = AUTHORIZATION.matcher(authorization.strip());
		if (!matcher.matches()) {
			throw SnsError.incompleteSignature("Authorization header requires 'Credential', 'SignedHeaders' and "
					+ "'Signature' parameters of the AWS4-HMAC-SHA256 algorithm.");
		}
		String[] credential = matcher.group(1).split("/", -1);
		List<String> signedHeaders = Arrays.asList(matcher.group(2).split(";", -1));
		String signature = matcher.group(3).toLowerCase(Locale.ROOT);
		if (credential.length != 5 || credential[0].isEmpty() || !"aws4_request".equals(credential[4])) {
			throw SnsError.incompleteSignature("Credential must have the form "
					+ "<access key id>/<date>/<region>/<service>/aws4_request.");
		}
		String amzDate = request.header("x-amz-date");
		Instant signedAt = parseDate(amzDate);
		if (!amzDate.startsWith(credential[1])) {
			throw SnsError.signatureDoesNotMatch("Credential should be scoped to a valid date: " + credential[1]
					+ " is not the date of " + amzDate + ".");
		}
		if (!SERVICE.equals(credential[3])) {
			throw SnsError.signatureDoesNotMatch("Credential should be scoped to correct service: 'sns'.");
		}
		if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")
				|| !signedHeaders.stream().sorted().toList().equals(signedHeaders)) {
			throw SnsError.signatureDoesNotMatch("SignedHeaders must be sorted and include host and x-amz-date.");
		}
		SigningKey key = this.keys.apply(credential[0]).orElseThrow(SnsError::invalidClientTokenId);

		String payloadHash = HEX.formatHex(sha256(request.body()));
		String claimedHash = request.header("x-amz-content-sha256");
		if (claimedHash != null && !MessageDigest.isEqual(claimedHash.toLowerCase(Locale.ROOT)
			.getBytes(StandardCharsets.US_ASCII), payloadHash.getBytes(StandardCharsets.US_ASCII))) {
			throw SnsError.signatureDoesNotMatch(
					"The provided 'x-amz-content-sha256' header does not match what was computed.");
		}
		StringBuilder canonical = new StringBuilder();
		canonical.append(request.method()).append('\n');
		canonical.append(canonicalUri(request.rawPath())).append('\n');
		canonical.append(canonicalQuery(request.rawQuery())).append('\n');
		for (String name : signedHeaders) {
			List<String> values = request.headers().get(name);
			if (values == null) {
				throw SnsError.signatureDoesNotMatch("The request signature we calculated does not match the "
						+ "signature you provided: signed header '" + name + "' is missing.");
			}
			canonical.append(name).append(':')
				.append(String.join(",", values.stream().map(SigV4Verifier::trimAll).toList()))
				.append('\n');
		}
		canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
		String scope = credential[1] + "/" + credential[2] + "/" + credential[3] + "/" + credential[4];
		String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
				+ HEX.formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		byte[] signingKey = hmac(("AWS4" + key.secretAccessKey()).getBytes(StandardCharsets.UTF_8), credential[1]);
		signingKey = hmac(signingKey, credential[2]);
		signingKey = hmac(signingKey, credential[3]);
		signingKey = hmac(signingKey, "aws4_request");
		byte[] expected = HEX.formatHex(hmac(signingKey, stringToSign)).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
			throw SnsError.signatureDoesNotMatch("The request signature we calculated does not match the signature "
					+ "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
					+ "documentation for details.");
		}
		// Checked after the signature, so that only the key's owner learns about the server's clock.
		Instant now = this.clock.instant();
		if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
			throw SnsError.signatureDoesNotMatch("Signature expired: " + amzDate + " is now earlier than "
					+ AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
		}
		return new Verified(key.tenantId(), key.accessKeyId(), credential[2]);
	}

	private static Instant parseDate(String amzDate) {
		if (amzDate == null) {
			throw SnsError.incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or "
					+ "a 'Date' header.");
		}
		try {
			return Instant.from(AMZ_DATE.parse(amzDate));
		}
		catch (DateTimeParseException ex) {
			throw SnsError.incompleteSignature("X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.");
		}
	}

	/** The path as the SDK signs it: normalized, and each segment URI-encoded again (it arrives encoded once). */
	static String canonicalUri(String rawPath) {
		if (rawPath == null || rawPath.isEmpty()) {
			return "/";
		}
		String normalized = URI.create(rawPath).normalize().getRawPath();
		StringBuilder uri = new StringBuilder();
		String[] segments = normalized.split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			if (i > 0) {
				uri.append('/');
			}
			uri.append(encode(segments[i]));
		}
		return uri.toString().startsWith("/") ? uri.toString() : "/" + uri;
	}

	static String canonicalQuery(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		List<String[]> pairs = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq < 0) ? pair : pair.substring(0, eq));
			String value = (eq < 0) ? "" : decode(pair.substring(eq + 1));
			pairs.add(new String[] { encode(name), encode(value) });
		}
		pairs.sort((a, b) -> (a[0].equals(b[0])) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
		return String.join("&", pairs.stream().map((pair) -> pair[0] + "=" + pair[1]).toList());
	}

	/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters, in upper-case hex. */
	static String encode(String value) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
			}
		}
		return encoded.toString();
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static String trimAll(String value) {
		return value.strip().replaceAll("\\s+", " ");
	}

	static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	/**
	 * A request as received.
	 * @param headers by lower-case name, each with its values in order
	 * @param rawPath the path as sent, still percent-encoded
	 */
	record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
			byte[] body) {

		String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.getFirst();
		}

	}

	/** Who signed a verified request, and for which region. */
	record Verified(TenantId tenant, String accessKeyId, String region) {
	}

}
