package dev.herald.channels.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent AWS Signature Version 4 verifier (the algorithm as AWS documents it, no SDK code), so a test proves
 * the request the SDK sent would be accepted by AWS: canonical request, string to sign, the HMAC key chain.
 */
public final class SigV4 {

	private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 "
			+ "Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request, "
			+ "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

	private SigV4() {
	}

	/** The parts of an {@code Authorization} header, or empty if it is not SigV4's exact structure. */
	public static Optional<Authorization> parse(String header) {
		if (header == null) {
			return Optional.empty();
		}
		Matcher matcher = AUTHORIZATION.matcher(header);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		return Optional.of(new Authorization(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4),
				List.of(matcher.group(5).split(";")), matcher.group(6)));
	}

	/**
	 * The signature AWS would compute for the request with this secret key.
	 * @param headers the request's headers by name (any case); each signed one must be present
	 */
	public static String signature(String secretAccessKey, Authorization authorization, String method, String rawPath,
			String rawQuery, Map<String, List<String>> headers, byte[] body) {
		String amzDate = header(headers, "x-amz-date");
		String canonicalRequest = String.join("\n", method, canonicalUri(rawPath), canonicalQuery(rawQuery),
				canonicalHeaders(authorization.signedHeaders(), headers),
				String.join(";", authorization.signedHeaders()),
				payloadHash(body));
		String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, authorization.scope(),
				hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
		byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), authorization.date());
		key = hmac(key, authorization.region());
		key = hmac(key, authorization.service());
		key = hmac(key, "aws4_request");
		return hex(hmac(key, stringToSign));
	}

	static String header(Map<String, List<String>> headers, String name) {
		return headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.flatMap((entry) -> entry.getValue().stream())
			.map((value) -> value.strip().replaceAll(" +", " "))
			.collect(Collectors.collectingAndThen(Collectors.joining(","),
					(joined) -> joined.isEmpty() ? null : joined));
	}

	/** Each path segment URI-encoded once more: AWS's rule for every service but S3. */
	private static String canonicalUri(String rawPath) {
		if (rawPath == null || rawPath.isEmpty()) {
			return "/";
		}
		return Arrays.stream(rawPath.split("/", -1)).map(SigV4::encode).collect(Collectors.joining("/"));
	}

	private static String canonicalQuery(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		List<SimpleEntry<String, String>> parameters = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			String[] parts = pair.split("=", 2);
			String value = (parts.length > 1) ? parts[1] : "";
			parameters.add(new SimpleEntry<>(encode(decode(parts[0])), encode(decode(value))));
		}
		return parameters.stream()
			.sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining("&"));
	}

	private static String canonicalHeaders(List<String> signedHeaders, Map<String, List<String>> headers) {
		StringBuilder canonical = new StringBuilder();
		for (String name : signedHeaders) {
			String value = header(headers, name);
			if (value == null) {
				throw new IllegalArgumentException("signed header " + name + " is missing");
			}
			canonical.append(name).append(':').append(value).append('\n');
		}
		return canonical.toString();
	}

	/**
	 * The hash of the body as received. Outside S3, AWS hashes the payload itself, whatever
	 * {@code x-amz-content-sha256} declares: a body changed in transit no longer matches the signature.
	 */
	private static String payloadHash(byte[] body) {
		return hex(sha256(body));
	}

	private static String encode(String value) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
			}
		}
		return encoded.toString();
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	/** The parts of a SigV4 {@code Authorization} header. */
	public record Authorization(String accessKeyId, String date, String region, String service,
			List<String> signedHeaders, String signature) {

		public String scope() {
			return this.date + "/" + this.region + "/" + this.service + "/aws4_request";
		}

	}

}
