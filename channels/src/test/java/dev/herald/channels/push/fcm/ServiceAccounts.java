package dev.herald.channels.push.fcm;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Service accounts made in the test, shaped like the key files Google's console gives. */
final class ServiceAccounts {

	static final String CLIENT_EMAIL = "herald-sender@demo-project.iam.gserviceaccount.com";

	static final String PRIVATE_KEY_ID = "2f8c0e6a9d1b4c7e8f0a1b2c3d4e5f6a7b8c9d0e";

	static final String PROJECT_ID = "demo-project";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ServiceAccounts() {
	}

	static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The PEM Google puts in {@code private_key}: PKCS#8, 64 characters a line. */
	static String pem(KeyPair keys) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(keys.getPrivate().getEncoded());
		return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
	}

	/** The key's Base64 without line breaks: what must never show up anywhere. */
	static String keyMaterial(KeyPair keys) {
		return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
	}

	static ObjectNode keyFile(KeyPair keys, URI tokenUri) {
		return JSON.createObjectNode()
			.put("type", "service_account")
			.put("project_id", PROJECT_ID)
			.put("private_key_id", PRIVATE_KEY_ID)
			.put("private_key", pem(keys))
			.put("client_email", CLIENT_EMAIL)
			.put("client_id", "109876543210987654321")
			.put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
			.put("token_uri", tokenUri.toString())
			.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs")
			.put("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/"
					+ "herald-sender%40demo-project.iam.gserviceaccount.com")
			.put("universe_domain", "googleapis.com");
	}

	static String json(KeyPair keys, URI tokenUri) {
		return JSON.writeValueAsString(keyFile(keys, tokenUri));
	}

}
