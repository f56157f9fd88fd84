package dev.herald.console.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.herald.console.ServerProperties;
import dev.herald.db.secret.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without {@code herald.functions.secrets-key}, the local server seals provider credentials with a key it generates
 * once and keeps beside its embedded database ({@code .herald/secrets.key}, readable by its owner only). Production
 * sets the key (from a secrets manager), so it never lives on a server's disk.
 */
@Configuration(proxyBeanMethods = false)
@OnMissingProperty("herald.functions.secrets-key")
class LocalSecretsConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalSecretsConfiguration.class);

	@Bean
	SecretBox secretBox(ServerProperties properties) throws IOException {
		Path file = properties.local().dataDirectory().resolve("secrets.key").toAbsolutePath();
		if (!Files.exists(file)) {
			Files.createDirectories(file.getParent());
			Files.writeString(file, SecretBox.generateKey(), StandardCharsets.US_ASCII);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system; the folder's own permissions apply
			}
			logger.warn("Generated a key for sealing provider credentials in {}; set herald.functions.secrets-key in "
					+ "production instead", file);
		}
		return SecretBox.ofBase64Key(Files.readString(file, StandardCharsets.US_ASCII));
	}

}
