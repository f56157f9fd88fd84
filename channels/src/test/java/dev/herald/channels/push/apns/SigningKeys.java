package dev.herald.channels.push.apns;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** APNs signing keys made in the test, shaped like the .p8 files Apple's developer account gives. */
final class SigningKeys {

	static final String TEAM_ID = "DEF123GHIJ";

	static final String KEY_ID = "ABC123DEFG";

	private SigningKeys() {
	}

	static KeyPair p256() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The .p8 file: PEM PKCS#8, 64 characters a line. */
	static String p8(KeyPair keys) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(keys.getPrivate().getEncoded());
		return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----";
	}

	/** The key's Base64 without line breaks: what must never show up anywhere. */
	static String keyMaterial(KeyPair keys) {
		return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
	}

}
