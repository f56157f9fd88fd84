package dev.herald.channels.push.webpush;

import java.util.Base64;

/** The unpadded base64url that Web Push uses for keys, secrets and JWTs. */
final class Base64Url {

	private Base64Url() {
	}

	static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Decodes base64url with or without padding; standard base64 is accepted too, because some subscription
	 * serialisers and key tools produce it.
	 * @throws IllegalArgumentException when the text is not base64 at all
	 */
	static byte[] decode(String text) {
		String urlSafe = text.strip().replace('+', '-').replace('/', '_');
		int end = urlSafe.length();
		while (end > 0 && urlSafe.charAt(end - 1) == '=') {
			end--;
		}
		return Base64.getUrlDecoder().decode(urlSafe.substring(0, end));
	}

}
