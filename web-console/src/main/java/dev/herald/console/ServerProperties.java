package dev.herald.console;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the local server ({@code herald.server.*}).
 *
 * @param bootstrap the demo tenant created on first start
 * @param local the embedded stand-ins used when no database or SMTP server is configured
 * @param workers the delivery worker loop
 * @param api the ingestion API
 * @param sns the SNS-compatible API for local development
 */
@ConfigurationProperties("herald.server")
public record ServerProperties(@DefaultValue Bootstrap bootstrap, @DefaultValue Local local,
		@DefaultValue Workers workers, @DefaultValue Api api, @DefaultValue Sns sns) {

	/**
	 * @param enabled whether to create the demo tenant on start
	 * @param apiKey the demo tenant's API key; generated and printed once when empty
	 * @param adminEmail the console login of the demo tenant's owner
	 * @param adminPassword its password; generated and printed once when empty
	 */
	public record Bootstrap(@DefaultValue("true") boolean enabled, String apiKey,
			@DefaultValue("admin@herald.local") String adminEmail, String adminPassword) {
	}

	/**
	 * @param dataDirectory where the embedded PostgreSQL keeps its data between runs
	 * @param smtpPort the development SMTP server's port (0 picks a free one)
	 */
	public record Local(@DefaultValue(".herald") Path dataDirectory, @DefaultValue("2525") int smtpPort) {
	}

	/**
	 * @param enabled whether this instance runs delivery workers
	 * @param threads worker loops; each claims and processes one batch at a time
	 * @param idleDelay pause after a poll that found less than a full batch
	 */
	public record Workers(@DefaultValue("true") boolean enabled, @DefaultValue("2") int threads,
			@DefaultValue("200ms") Duration idleDelay) {
	}

	/** @param maxBodyBytes the largest event body accepted, as SNS's 256 KiB */
	public record Api(@DefaultValue("262144") int maxBodyBytes) {
	}

	/**
	 * @param enabled whether the server answers the SNS API subset a shop's {@code SnsClient} uses
	 * @param path where it answers (POST); {@code /} because the AWS SDK for Java v2 sends query-protocol requests to
	 * the endpoint's root whatever path its {@code endpointOverride} has (aws/aws-sdk-java-v2#3387); another path
	 * serves clients that keep it, or a reverse proxy that strips it
	 */
	public record Sns(@DefaultValue("true") boolean enabled, @DefaultValue("/") String path) {
	}

}
