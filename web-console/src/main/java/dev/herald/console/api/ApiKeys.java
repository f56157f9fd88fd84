package dev.herald.console.api;

import java.security.SecureRandom;

import dev.herald.db.apikey.ApiKeyRepository;

/**
 * API key format and hashing. A key is {@code hk_} plus 40 random base62 characters; only its SHA-256 and a short
 * display prefix are stored, so a database leak reveals no usable key.
 */
public final class ApiKeys {

	private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom RANDOM = new SecureRandom();

	static final String PREFIX = "hk_";

	private ApiKeys() {
	}

	public static String generate() {
		StringBuilder key = new StringBuilder(PREFIX);
		for (int i = 0; i < 40; i++) {
			key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return key.toString();
	}

	public static byte[] hash(String key) {
		return ApiKeyRepository.hashOf(key);
	}

	/** What the console shows of a key: enough to recognise it, too little to use it. */
	public static String displayPrefix(String key) {
		return key.substring(0, Math.min(key.length(), 10)) + "…";
	}

}
