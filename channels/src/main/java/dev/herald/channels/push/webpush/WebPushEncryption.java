package dev.herald.channels.push.webpush;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): a fresh P-256 key
 * pair and salt per message, the whole payload in one record. Only the browser holding the subscription's private key
 * and auth secret can read it; the push service relays ciphertext.
 */
final class WebPushEncryption {

	/** RFC 8291 section 4: a push message body is at most 4096 bytes after encryption. */
	static final int MAX_BODY_LENGTH = 4096;

	static final int SALT_LENGTH = 16;

	static final int AUTH_SECRET_LENGTH = 16;

	private static final int RECORD_SIZE = 4096;

	private static final int TAG_LENGTH = 16;

	private static final int KEY_LENGTH = 16;

	private static final int NONCE_LENGTH = 12;

	/** The delimiter that ends the padding of the last (here: only) record (RFC 8188 section 2). */
	private static final byte LAST_RECORD = 0x02;

	/** salt(16) || rs(4) || idlen(1) || keyid(65, the sender's public key) */
	static final int HEADER_LENGTH = SALT_LENGTH + 4 + 1 + P256.PUBLIC_KEY_LENGTH;

	/** The largest plaintext that still fits {@link #MAX_BODY_LENGTH}: header, delimiter and tag take the rest. */
	static final int MAX_PLAINTEXT_LENGTH = MAX_BODY_LENGTH - HEADER_LENGTH - 1 - TAG_LENGTH;

	private static final byte[] WEB_PUSH_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);

	private static final SecureRandom random = new SecureRandom();

	private WebPushEncryption() {
	}

	static int encryptedLength(int plaintextLength) {
		return HEADER_LENGTH + plaintextLength + 1 + TAG_LENGTH;
	}

	/** Encrypts for a subscription with a fresh key pair and salt, as every message must be. */
	static byte[] encrypt(byte[] plaintext, ECPublicKey userAgentPublic, byte[] authSecret)
			throws GeneralSecurityException {
		byte[] salt = new byte[SALT_LENGTH];
		random.nextBytes(salt);
		return encrypt(plaintext, userAgentPublic, authSecret, P256.generateKeyPair(), salt);
	}

	/** Encrypts with the given sender key pair and salt: only for known-answer tests, never reuse either. */
	static byte[] encrypt(byte[] plaintext, ECPublicKey userAgentPublic, byte[] authSecret, KeyPair sender,
			byte[] salt) throws GeneralSecurityException {
		if (plaintext.length > MAX_PLAINTEXT_LENGTH) {
			throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes does not fit one record");
		}
		if (authSecret.length != AUTH_SECRET_LENGTH || salt.length != SALT_LENGTH) {
			throw new IllegalArgumentException("auth secret and salt must be 16 bytes each");
		}
		byte[] userAgentKey = P256.uncompressed(userAgentPublic);
		byte[] senderKey = P256.uncompressed((ECPublicKey) sender.getPublic());

		KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
		agreement.init(sender.getPrivate());
		agreement.doPhase(userAgentPublic, true);
		byte[] ecdhSecret = agreement.generateSecret();

		// RFC 8291 section 3.4: mix the auth secret and both public keys into the input keying material ...
		byte[] keyInfo = ByteBuffer.allocate(WEB_PUSH_INFO.length + 2 * P256.PUBLIC_KEY_LENGTH)
			.put(WEB_PUSH_INFO)
			.put(userAgentKey)
			.put(senderKey)
			.array();
		byte[] ikm = Hkdf.derive(authSecret, ecdhSecret, keyInfo, 32);
		// ... then RFC 8188 section 2.2: content encryption key and nonce from the salt.
		byte[] prk = Hkdf.extract(salt, ikm);
		byte[] contentKey = Hkdf.expand(prk, CEK_INFO, KEY_LENGTH);
		byte[] nonce = Hkdf.expand(prk, NONCE_INFO, NONCE_LENGTH);

		// One record, so its sequence number is 0 and the nonce is used as derived.
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(contentKey, "AES"),
				new GCMParameterSpec(TAG_LENGTH * 8, nonce));
		ByteBuffer body = ByteBuffer.allocate(encryptedLength(plaintext.length))
			.put(salt)
			.putInt(RECORD_SIZE)
			.put((byte) senderKey.length)
			.put(senderKey);
		byte[] record = Arrays.copyOf(plaintext, plaintext.length + 1);
		record[plaintext.length] = LAST_RECORD;
		body.put(cipher.doFinal(record));
		return body.array();
	}

}
