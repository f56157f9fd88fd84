package dev.herald.console.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature, as Twilio documents it ("Webhooks security"): the full URL Twilio requested (with any
 * query string), then each POST parameter's name and value appended without separators, sorted by name; HMAC-SHA1 of
 * that with the account's auth token, base64-encoded, sent as {@code X-Twilio-Signature}.
 */
final class TwilioSignature {

	private TwilioSignature() {
	}

	static String sign(String authToken, String url, List<Map.Entry<String, String>> parameters) {
		StringBuilder data = new StringBuilder(url);
		parameters.stream()
			.sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
			.forEach((parameter) -> data.append(parameter.getKey()).append(parameter.getValue()));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether {@code signature} is Twilio's for this request, compared in constant time. */
	static boolean verify(String authToken, String url, List<Map.Entry<String, String>> parameters,
			String signature) {
		if (signature == null || signature.isBlank()) {
			return false;
		}
		byte[] expected = sign(authToken, url, parameters).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII));
	}

}
