package dev.herald.channels.push.fcm;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a Google service account key file (the JSON the Cloud console gives) that sign token requests.
 *
 * @param clientEmail the account's address, the JWT's issuer
 * @param privateKeyId the key's id, sent as the JWT's {@code kid} when known; may be {@code null}
 * @param privateKey the RSA key that signs the JWT
 * @param tokenUri where the signed JWT is exchanged for an access token
 * @param projectId the Firebase project the account belongs to; may be {@code null}
 */
record ServiceAccount(String clientEmail, String privateKeyId, PrivateKey privateKey, URI tokenUri,
		String projectId) {

	static final URI DEFAULT_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	ServiceAccount {
		Objects.requireNonNull(clientEmail, "clientEmail");
		Objects.requireNonNull(privateKey, "privateKey");
		Objects.requireNonNull(tokenUri, "tokenUri");
	}

	/**
	 * Reads a service account key file. Reasons name the missing or malformed field, never the file's content: it
	 * holds the private key.
	 */
	static ServiceAccount parse(String json) {
		JsonNode account;
		try {
			account = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			// Jackson's message quotes the input around the error, which could be the private key.
			throw invalid("is not JSON; paste the whole key file Google gives for the service account");
		}
		if (account == null || !account.isObject()) {
			throw invalid("is not a JSON object; paste the whole key file Google gives for the service account");
		}
		String type = text(account, "type");
		if (type != null && !type.equals("service_account")) {
			throw invalid("is a '" + type + "' credential; FCM needs a service account key (type service_account)");
		}
		String clientEmail = required(account, "client_email");
		PrivateKey privateKey = rsaPrivateKey(required(account, "private_key"));
		String tokenUri = text(account, "token_uri");
		return new ServiceAccount(clientEmail, text(account, "private_key_id"), privateKey,
				(tokenUri != null) ? FcmSettings.endpoint("the service account's token_uri", tokenUri)
						: DEFAULT_TOKEN_URI,
				text(account, "project_id"));
	}

	private static String required(JsonNode account, String field) {
		String value = text(account, field);
		if (value == null) {
			throw invalid("has no '" + field + "'");
		}
		return value;
	}

	private static String text(JsonNode account, String field) {
		String value = account.path(field).stringValue(null);
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

	private static PrivateKey rsaPrivateKey(String pem) {
		String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
			.replace("-----END PRIVATE KEY-----", "")
			.replaceAll("\\s", "");
		try {
			byte[] der = Base64.getDecoder().decode(base64);
			return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			// No cause and no detail: both could carry key material.
			throw invalid("has a 'private_key' that is not a PEM PKCS#8 RSA private key");
		}
	}

	private static IllegalArgumentException invalid(String problem) {
		return new IllegalArgumentException("provider " + FcmChannelProvider.ID + ": the secret '"
				+ FcmChannelProvider.SERVICE_ACCOUNT_JSON + "' " + problem);
	}

	@Override
	public String toString() {
		// A record prints every component; the private key must never reach a log line.
		return "ServiceAccount[clientEmail=" + this.clientEmail + ", tokenUri=" + this.tokenUri + ", projectId="
				+ this.projectId + "]";
	}

}
