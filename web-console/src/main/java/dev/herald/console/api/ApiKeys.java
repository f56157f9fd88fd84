package dev.herald.console.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

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
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/** What the console shows of a key: enough to recognise it, too little to use it. */
	public static String displayPrefix(String key) {
		return key.substring(0, Math.min(key.length(), 10)) + "…";
	}

}
