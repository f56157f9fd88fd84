package dev.herald.channels.push.webpush;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * A VAPID key pair in the form the web-push ecosystem exchanges it: the public key goes into the {@code publicKey}
 * setting and into the site's {@code pushManager.subscribe({applicationServerKey})}; the private key into the
 * {@code privateKey} secret.
 *
 * @param publicKey base64url (unpadded) of the 65-byte uncompressed P-256 point
 * @param privateKey base64url (unpadded) of the raw 32-byte P-256 scalar
 */
public record VapidKeyPair(String publicKey, String privateKey) {

	/** A new random key pair, e.g. for the console's "generate keys" action. */
	public static VapidKeyPair generate() {
		KeyPair pair = P256.generateKeyPair();
		return new VapidKeyPair(Base64Url.encode(P256.uncompressed((ECPublicKey) pair.getPublic())),
				Base64Url.encode(P256.raw((ECPrivateKey) pair.getPrivate())));
	}

	@Override
	public String toString() {
		// Records print every component; the private key must never reach a log line this way.
		return "VapidKeyPair[publicKey=" + this.publicKey + ", privateKey=******]";
	}

}
