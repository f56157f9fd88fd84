package dev.herald.db.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage with AES-256-GCM. Each sealed value is bound to where it belongs (associated data such as
 * tenant and provider), so a ciphertext copied into another tenant's row does not open. Format:
 * {@code version(1) || nonce(12) || ciphertext+tag}.
 */
public final class SecretBox {

	private static final byte VERSION = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	/** {@code null} in a box made {@link #withoutKey()}. */
	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	private SecretBox() {
		this.key = null;
	}

	private SecretBox(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("The secrets key must be 32 bytes (256 bits), base64-encoded; it has "
					+ key.length + " bytes");
		}
		this.key = new SecretKeySpec(key, "AES");
	}

	/** A box with the given base64 key, e.g. from {@code herald.secrets.key}. */
	public static SecretBox ofBase64Key(String base64Key) {
		try {
			return new SecretBox(Base64.getDecoder().decode(base64Key.strip()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The secrets key is not valid base64 of 32 bytes", ex);
		}
	}

	/**
	 * A box that refuses to seal or open anything, for a process that is given no key because it never handles
	 * providers' credentials (e.g. a maintenance function): holding the key would be a privilege it does not need.
	 */
	public static SecretBox withoutKey() {
		return new SecretBox();
	}

	/** A new random key in the form {@link #ofBase64Key} takes. */
	public static String generateKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	public byte[] seal(String plaintext, String boundTo) {
		requireKey();
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every JDK", ex);
		}
	}

	/**
	 * @throws IllegalArgumentException when the value was sealed with another key, for another place, or altered
	 */
	public String open(byte[] sealed, String boundTo) {
		requireKey();
		if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
			throw new IllegalArgumentException("not a sealed secret of a known version");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key,
					new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES)));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES),
					StandardCharsets.UTF_8);
		}
		catch (javax.crypto.AEADBadTagException ex) {
			throw new IllegalArgumentException("the secret does not open with this key here: wrong key, or altered");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every JDK", ex);
		}
	}

	private void requireKey() {
		if (this.key == null) {
			throw new IllegalStateException("this process has no key to seal or open secrets with");
		}
	}

	@Override
	public String toString() {
		return (this.key != null) ? "SecretBox[AES-256-GCM]" : "SecretBox[no key]";
	}

}
