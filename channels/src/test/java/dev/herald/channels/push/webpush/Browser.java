package dev.herald.channels.push.webpush;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.herald.channels.PushTarget;

/**
 * Plays the browser: subscribes as {@code PushManager.subscribe()} would (a P-256 key pair and a 16-byte auth
 * secret) and decrypts what the push service hands it, the receiving side of RFC 8291 and RFC 8188. Written apart
 * from the production code on purpose (its own key decoding and HKDF), so a shared mistake cannot pass unnoticed.
 */
public final class Browser {

	/** The DER prefix of a P-256 SubjectPublicKeyInfo; the 65-byte uncompressed point follows it. */
	private static final byte[] P256_SPKI_PREFIX = HexFormat.of()
		.parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

	private final KeyPair keys;

	private final byte[] authSecret;

	private Browser(KeyPair keys, byte[] authSecret) {
		this.keys = keys;
		this.authSecret = authSecret;
	}

	/** A new subscription's keys, random as a browser makes them. */
	public static Browser subscribe() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		byte[] auth = new byte[16];
		new SecureRandom().nextBytes(auth);
		return new Browser(generator.generateKeyPair(), auth);
	}

	/** A browser with known keys, e.g. RFC 8291 Appendix A's. */
	static Browser withKeys(String privateKey, String publicKey, String authSecret) throws GeneralSecurityException {
		return new Browser(keyPair(privateKey, publicKey), base64Url(authSecret));
	}

	static KeyPair keyPair(String privateKey, String publicKey) throws GeneralSecurityException {
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
		PrivateKey privateValue = KeyFactory.getInstance("EC")
			.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, base64Url(privateKey)), spec));
		return new KeyPair(publicKey(base64Url(publicKey)), privateValue);
	}

	/** A public key from its uncompressed point, the way a JOSE or WebCrypto library would import it. */
	static PublicKey publicKey(byte[] uncompressedPoint) throws GeneralSecurityException {
		byte[] spki = ByteBuffer.allocate(P256_SPKI_PREFIX.length + uncompressedPoint.length)
			.put(P256_SPKI_PREFIX)
			.put(uncompressedPoint)
			.array();
		return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
	}

	/** {@code keys.p256dh} of {@code PushSubscription.toJSON()}: base64url of the uncompressed point. */
	public String p256dh() {
		// The last 65 bytes of the SubjectPublicKeyInfo are the uncompressed point.
		byte[] spki = this.keys.getPublic().getEncoded();
		return base64Url(Arrays.copyOfRange(spki, spki.length - 65, spki.length));
	}

	/** {@code keys.auth} of {@code PushSubscription.toJSON()}. */
	public String auth() {
		return base64Url(this.authSecret);
	}

	PushTarget subscription(String endpoint) {
		return new PushTarget(PushTarget.WEB_PUSH, endpoint, Map.of("p256dh", p256dh(), "auth", auth()));
	}

	/**
	 * Decrypts a push message body in the {@code aes128gcm} content coding with this browser's keys.
	 * @throws GeneralSecurityException when it was not encrypted for this subscription or was altered on the way
	 */
	public byte[] decrypt(byte[] body) throws GeneralSecurityException {
		ByteBuffer in = ByteBuffer.wrap(body);
		byte[] salt = new byte[16];
		in.get(salt);
		int recordSize = in.getInt();
		byte[] senderKey = new byte[in.get() & 0xff];
		in.get(senderKey);
		byte[] record = new byte[in.remaining()];
		in.get(record);
		if (senderKey.length != 65 || recordSize < 18 || record.length > recordSize) {
			throw new GeneralSecurityException("malformed aes128gcm header or a second record");
		}

		KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
		agreement.init(this.keys.getPrivate());
		agreement.doPhase(publicKey(senderKey), true);
		byte[] ecdhSecret = agreement.generateSecret();

		byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), base64Url(p256dh()), senderKey);
		byte[] ikm = hmac(hmac(this.authSecret, ecdhSecret), concat(keyInfo, new byte[] { 1 }));
		byte[] prk = hmac(salt, ikm);
		byte[] cek = Arrays.copyOf(hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)),
				16);
		byte[] nonce = Arrays.copyOf(hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);

		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
		byte[] padded = cipher.doFinal(record);
		int end = padded.length - 1;
		while (end >= 0 && padded[end] == 0) {
			end--;
		}
		if (end < 0 || padded[end] != 2) {
			throw new GeneralSecurityException("the only record must end with the last-record delimiter 0x02");
		}
		return Arrays.copyOf(padded, end);
	}

	static byte[] base64Url(String text) {
		return Base64.getUrlDecoder().decode(text);
	}

	static String base64Url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(data);
	}

	private static byte[] concat(byte[]... parts) {
		ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(parts).mapToInt((part) -> part.length).sum());
		Arrays.stream(parts).forEach(buffer::put);
		return buffer.array();
	}

}
