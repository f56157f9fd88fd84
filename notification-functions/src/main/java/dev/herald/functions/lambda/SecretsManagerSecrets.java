package dev.herald.functions.lambda;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Herald's secrets from AWS Secrets Manager with one client, at init only. Region and credentials come from
 * the Lambda environment; {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} points it elsewhere (tests).
 */
final class SecretsManagerSecrets implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SecretsManagerClient client = SecretsManagerClient.builder()
		.httpClient(UrlConnectionHttpClient.create())
		.build();

	/** A secret holding a JSON object, its fields as text. */
	Map<String, String> json(String secretId) {
		JsonNode node = JSON.readTree(value(secretId));
		Map<String, String> fields = new LinkedHashMap<>();
		node.properties().forEach((entry) -> fields.put(entry.getKey(), entry.getValue().asString()));
		return fields;
	}

	/** A key held as the whole secret, or as the {@code key} field of a JSON secret. */
	String key(String secretId) {
		String value = value(secretId).strip();
		return value.startsWith("{") ? JSON.readTree(value).path("key").asString() : value;
	}

	private String value(String secretId) {
		String value = this.client.getSecretValue((request) -> request.secretId(secretId)).secretString();
		if (value == null) {
			throw new IllegalStateException("Secret " + secretId + " holds no text");
		}
		return value;
	}

	@Override
	public void close() {
		this.client.close();
	}

}
