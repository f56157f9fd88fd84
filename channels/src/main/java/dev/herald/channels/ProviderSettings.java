package dev.herald.channels;

import java.util.Map;
import java.util.Optional;

/**
 * One tenant's configuration of one provider.
 *
 * @param values plain settings, e.g. region, sender id, team id; may be shown in the console
 * @param secrets credentials, decrypted only to create the channel; never logged and never shown back
 */
public record ProviderSettings(String providerId, Map<String, String> values, Map<String, String> secrets) {

	public ProviderSettings {
		values = (values != null) ? Map.copyOf(values) : Map.of();
		secrets = (secrets != null) ? Map.copyOf(secrets) : Map.of();
	}

	public Optional<String> value(String key) {
		return Optional.ofNullable(this.values.get(key)).filter((value) -> !value.isBlank());
	}

	public String required(String key) {
		return value(key).orElseThrow(() -> new IllegalArgumentException(
				"provider " + this.providerId + " needs the setting '" + key + "'"));
	}

	public String secret(String key) {
		String secret = this.secrets.get(key);
		if (secret == null || secret.isBlank()) {
			throw new IllegalArgumentException("provider " + this.providerId + " needs the secret '" + key + "'");
		}
		return secret;
	}

	@Override
	public String toString() {
		// Records print every component; secrets must never reach a log line this way.
		return "ProviderSettings[providerId=" + this.providerId + ", values=" + this.values + ", secrets="
				+ this.secrets.keySet() + "]";
	}

}
