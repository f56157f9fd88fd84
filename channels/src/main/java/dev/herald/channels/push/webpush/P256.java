package dev.herald.channels.push.webpush;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * NIST P-256 keys in the forms Web Push exchanges them: public keys as 65-byte uncompressed points
 * ({@code 0x04 || x || y}, what browsers give as {@code p256dh} and VAPID puts in {@code k}), private keys as the raw
 * 32-byte scalar the web-push tools generate, or PKCS#8.
 */
final class P256 {

	static final int PUBLIC_KEY_LENGTH = 65;

	static final int PRIVATE_KEY_LENGTH = 32;

	private static final int COORDINATE_LENGTH = 32;

	private static final byte UNCOMPRESSED = 0x04;

	private static final ECParameterSpec PARAMETERS = parameters();

	private P256() {
	}

	static KeyPair generateKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("this JDK cannot generate P-256 keys", ex);
		}
	}

	/**
	 * The public key of an uncompressed point.
	 * @throws InvalidKeySpecException when the bytes are not an uncompressed point on P-256; ECDH with a point off
	 * the curve could leak the private key (invalid-curve attack), so it is checked here rather than trusted
	 */
	static ECPublicKey publicKey(byte[] uncompressed) throws InvalidKeySpecException {
		if (uncompressed.length != PUBLIC_KEY_LENGTH || uncompressed[0] != UNCOMPRESSED) {
			throw new InvalidKeySpecException("not a 65-byte uncompressed P-256 point");
		}
		BigInteger x = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 1 + COORDINATE_LENGTH));
		BigInteger y = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1 + COORDINATE_LENGTH, PUBLIC_KEY_LENGTH));
		if (!isOnCurve(x, y)) {
			throw new InvalidKeySpecException("point is not on the P-256 curve");
		}
		try {
			return (ECPublicKey) KeyFactory.getInstance("EC")
				.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMETERS));
		}
		catch (InvalidKeySpecException ex) {
			throw ex;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("this JDK has no EC key factory", ex);
		}
	}

	static byte[] uncompressed(ECPublicKey key) {
		byte[] point = new byte[PUBLIC_KEY_LENGTH];
		point[0] = UNCOMPRESSED;
		copyUnsigned(key.getW().getAffineX(), point, 1);
		copyUnsigned(key.getW().getAffineY(), point, 1 + COORDINATE_LENGTH);
		return point;
	}

	/**
	 * A private key from its raw 32-byte scalar or from a PKCS#8 encoding.
	 * @throws InvalidKeySpecException when it is neither, or not a key on P-256; the message never quotes the key
	 */
	static ECPrivateKey privateKey(byte[] encoded) throws InvalidKeySpecException {
		try {
			KeyFactory factory = KeyFactory.getInstance("EC");
			ECPrivateKey key;
			if (encoded.length == PRIVATE_KEY_LENGTH) {
				key = (ECPrivateKey) factory
					.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, encoded), PARAMETERS));
			}
			else {
				try {
					key = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(encoded));
				}
				catch (InvalidKeySpecException | ClassCastException ex) {
					// The provider's message may describe the bytes it was given.
					throw new InvalidKeySpecException("neither a raw 32-byte P-256 scalar nor a PKCS#8 EC key");
				}
			}
			BigInteger d = key.getS();
			if (!isP256(key.getParams()) || d.signum() <= 0 || d.compareTo(PARAMETERS.getOrder()) >= 0) {
				throw new InvalidKeySpecException("not a private key on the P-256 curve");
			}
			return key;
		}
		catch (InvalidKeySpecException ex) {
			throw ex;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("this JDK has no EC key factory", ex);
		}
	}

	/** The raw 32-byte scalar, the form web-push tools exchange private keys in. */
	static byte[] raw(ECPrivateKey key) {
		byte[] raw = new byte[PRIVATE_KEY_LENGTH];
		copyUnsigned(key.getS(), raw, 0);
		return raw;
	}

	private static boolean isP256(ECParameterSpec params) {
		return params != null && params.getCurve().equals(PARAMETERS.getCurve())
				&& params.getGenerator().equals(PARAMETERS.getGenerator())
				&& params.getOrder().equals(PARAMETERS.getOrder());
	}

	private static boolean isOnCurve(BigInteger x, BigInteger y) {
		EllipticCurve curve = PARAMETERS.getCurve();
		BigInteger p = ((ECFieldFp) curve.getField()).getP();
		if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
			return false;
		}
		BigInteger left = y.multiply(y).mod(p);
		BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
		return left.equals(right);
	}

	/** Writes a non-negative number as exactly 32 big-endian bytes (BigInteger adds a sign byte or drops zeros). */
	private static void copyUnsigned(BigInteger value, byte[] target, int offset) {
		byte[] bytes = value.toByteArray();
		int start = Math.max(0, bytes.length - COORDINATE_LENGTH);
		int length = bytes.length - start;
		System.arraycopy(bytes, start, target, offset + COORDINATE_LENGTH - length, length);
	}

	private static ECParameterSpec parameters() {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec("secp256r1"));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

}
