package dev.herald.channels.push.webpush;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869), spelled out on {@link Mac} so the RFC 8291 key schedule reads step by step and
 * can be checked against the RFCs' vectors.
 */
final class Hkdf {

	private static final String HMAC_SHA256 = "HmacSHA256";

	private static final int HASH_LENGTH = 32;

	private Hkdf() {
	}

	static byte[] extract(byte[] salt, byte[] inputKeyMaterial) throws GeneralSecurityException {
		// RFC 5869 section 2.2: no salt means a string of HashLen zeros (and Mac refuses an empty key).
		byte[] key = (salt.length > 0) ? salt : new byte[HASH_LENGTH];
		return mac(key).doFinal(inputKeyMaterial);
	}

	static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) throws GeneralSecurityException {
		if (length < 1 || length > 255 * HASH_LENGTH) {
			throw new IllegalArgumentException("HKDF output length must be 1 to " + 255 * HASH_LENGTH);
		}
		Mac mac = mac(pseudoRandomKey);
		byte[] okm = new byte[length];
		byte[] block = new byte[0];
		int written = 0;
		for (int counter = 1; written < length; counter++) {
			mac.update(block);
			mac.update(info);
			mac.update((byte) counter);
			block = mac.doFinal();
			int take = Math.min(block.length, length - written);
			System.arraycopy(block, 0, okm, written, take);
			written += take;
		}
		return okm;
	}

	static byte[] derive(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length)
			throws GeneralSecurityException {
		return expand(extract(salt, inputKeyMaterial), info, length);
	}

	private static Mac mac(byte[] key) throws GeneralSecurityException {
		Mac mac = Mac.getInstance(HMAC_SHA256);
		mac.init(new SecretKeySpec(key, HMAC_SHA256));
		return mac;
	}

}
