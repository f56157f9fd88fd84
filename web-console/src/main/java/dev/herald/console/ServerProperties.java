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
 * @param sns the endpoint taking SNS HTTP(S) subscription traffic ({@code herald.server.sns.*})
 * @param snsApi the SNS-compatible API for local development ({@code herald.server.sns-api.*})
 * @param webhooks sending delivery status messages to tenants' webhook endpoints ({@code herald.server.webhooks.*})
 */
@ConfigurationProperties("herald.server")
public record ServerProperties(@DefaultValue Bootstrap bootstrap, @DefaultValue Local local,
		@DefaultValue Workers workers, @DefaultValue Api api, @DefaultValue Sns sns, @DefaultValue SnsApi snsApi,
		@DefaultValue Webhooks webhooks) {

	public ServerProperties {
		// Both SNS features take unauthenticated POSTs and are told apart only by path: inside the SNS endpoint's
		// prefix, query-API requests would be taken as SNS traffic by its security chain and mappings.
		if (sns != null && snsApi != null && sns.enabled() && snsApi.enabled()
				&& (snsApi.path().equals(sns.path()) || snsApi.path().startsWith(withSlash(sns.path())))) {
			throw new IllegalArgumentException("herald.server.sns-api.path (" + snsApi.path()
					+ ") must not be herald.server.sns.path (" + sns.path() + ") or under it");
		}
	}

	private static String withSlash(String path) {
		return path.endsWith("/") ? path : path + "/";
	}

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
	 * @param enabled whether {@code POST <path>/{tenant}} takes SNS traffic
	 * @param path the endpoint's path prefix; a tenant subscribes {@code https://<server><path>/<tenant slug>}
	 * @param maxBodyBytes the largest SNS request accepted (SNS's 256 KiB message, JSON-escaped in its envelope)
	 * @param certificateSubject the CN of SNS's signing certificates
	 * @param trustStore a PKCS12 or JKS file of the roots (and intermediates) SNS's signing certificates must chain
	 * to; the JDK's trusted roots when empty
	 * @param trustStorePassword its password, if any
	 * @param certificateCacheSize how many signing certificates are kept
	 * @param connectTimeout connecting to SNS to fetch a certificate or confirm a subscription
	 * @param readTimeout waiting for SNS's answer
	 */
	public record Sns(@DefaultValue("true") boolean enabled, @DefaultValue("/sns") String path,
			@DefaultValue("1048576") int maxBodyBytes, @DefaultValue("sns.amazonaws.com") String certificateSubject,
			Path trustStore, String trustStorePassword, @DefaultValue("64") int certificateCacheSize,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration readTimeout) {
	}

	/**
	 * @param enabled whether the server answers the SNS API subset a shop's {@code SnsClient} uses
	 * @param path where it answers (POST); {@code /} because the AWS SDK for Java v2 sends query-protocol requests to
	 * the endpoint's root whatever path its {@code endpointOverride} has (aws/aws-sdk-java-v2#3387); another path
	 * serves clients that keep it, or a reverse proxy that strips it
	 */
	public record SnsApi(@DefaultValue("true") boolean enabled, @DefaultValue("/") String path) {
	}

	/**
	 * The server's loop sending the webhook outbox; how it sends (batches, lease, retries, timeouts) is
	 * {@code herald.functions.webhooks.*}, shared with the {@code sendWebhooks} Lambda function.
	 *
	 * @param enabled whether this instance sends webhook messages
	 * @param idleDelay the pause after a batch that found fewer messages than it could take
	 */
	public record Webhooks(@DefaultValue("true") boolean enabled, @DefaultValue("500ms") Duration idleDelay) {
	}

}
