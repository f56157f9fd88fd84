package dev.herald.channels.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.DeliveryResult.Throttled;
import dev.herald.channels.ProviderSettings;

/**
 * How one tenant's configuration reaches an AWS service: the settings {@value #REGION} and optionally
 * {@value #ENDPOINT} (a regional or compatible endpoint, or a test fake), and the secrets {@value #ACCESS_KEY_ID} and
 * {@value #SECRET_ACCESS_KEY}. Without both secrets the SDK's default credentials chain applies (environment, system
 * properties, web identity, profile files, container or instance role): the credentials of the machine Herald runs
 * on, not the tenant's. Checked once, when a channel is created.
 */
public final class AwsAccess {

	public static final String REGION = "region";

	public static final String ENDPOINT = "endpoint";

	public static final String ACCESS_KEY_ID = "accessKeyId";

	public static final String SECRET_ACCESS_KEY = "secretAccessKey";

	/**
	 * Setting that sends with the credentials of the server Herald runs on (its role or default chain) instead of keys
	 * of the tenant's own. Explicit, because in a multi-tenant deployment those are the operator's, not the tenant's.
	 */
	public static final String USE_INSTANCE_CREDENTIALS = "useInstanceCredentials";

	/** The settings every AWS provider needs; the secrets are optional (see the class comment). */
	public static final Set<String> REQUIRED_SETTINGS = Set.of(REGION);

	// Partition prefix, optional qualifiers, a number: us-east-1, us-gov-west-1, cn-north-1, eu-central-2 …
	private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

	private static final Pattern ACCESS_KEY_FORMAT = Pattern.compile("[A-Z0-9]{16,128}");

	// One request at a time per call: the JDK's URLConnection client is enough, and needs no pool or threads.
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	// Only schedules the call timeouts. Shared: each client would otherwise start its own pool of up to five threads,
	// and there is a client per tenant configuration.
	private static final ScheduledExecutorService TIMEOUTS = Executors.newScheduledThreadPool(1,
			Thread.ofPlatform().name("herald-aws-timeouts").daemon().factory());

	private final String providerId;

	private final Region region;

	private final URI endpoint;

	private final AwsCredentialsProvider credentials;

	private final String secretAccessKey;

	private AwsAccess(String providerId, Region region, URI endpoint, AwsCredentialsProvider credentials,
			String secretAccessKey) {
		this.providerId = providerId;
		this.region = region;
		this.endpoint = endpoint;
		this.credentials = credentials;
		this.secretAccessKey = secretAccessKey;
	}

	/**
	 * Reads and checks the region, endpoint and keys.
	 * @throws IllegalArgumentException naming the setting that is missing or malformed, never quoting a secret
	 */
	public static AwsAccess from(ProviderSettings settings) {
		String provider = settings.providerId();
		String regionName = settings.required(REGION);
		if (!REGION_NAME.matcher(regionName).matches()) {
			throw new IllegalArgumentException("provider " + provider + ": the setting 'region' must be an AWS region "
					+ "such as eu-west-1, not \"" + printable(regionName) + "\"");
		}
		URI endpoint = settings.value(ENDPOINT).map((value) -> endpoint(provider, value)).orElse(null);
		String accessKeyId = nonBlank(settings.secrets().get(ACCESS_KEY_ID));
		String secretAccessKey = nonBlank(settings.secrets().get(SECRET_ACCESS_KEY));
		if ((accessKeyId == null) != (secretAccessKey == null)) {
			throw new IllegalArgumentException("provider " + provider + " needs both secrets '" + ACCESS_KEY_ID
					+ "' and '" + SECRET_ACCESS_KEY + "'");
		}
		if (accessKeyId == null && !settings.value(USE_INSTANCE_CREDENTIALS).map("true"::equalsIgnoreCase).orElse(false)) {
			throw new IllegalArgumentException("provider " + provider + " needs the secrets '" + ACCESS_KEY_ID + "' and '"
					+ SECRET_ACCESS_KEY + "', or the setting '" + USE_INSTANCE_CREDENTIALS
					+ "=true' to send with the server's own AWS credentials");
		}
		AwsCredentialsProvider credentials;
		if (accessKeyId != null) {
			if (!ACCESS_KEY_FORMAT.matcher(accessKeyId).matches()) {
				throw new IllegalArgumentException("provider " + provider + ": the secret '" + ACCESS_KEY_ID
						+ "' is not an AWS access key id (16 or more upper-case letters and digits)");
			}
			credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
		}
		else {
			credentials = DefaultChain.INSTANCE;
		}
		return new AwsAccess(provider, Region.of(regionName), endpoint, credentials, secretAccessKey);
	}

	public Region region() {
		return this.region;
	}

	/** The endpoint override, if the configuration has one; otherwise the SDK picks the service's regional one. */
	public Optional<URI> endpoint() {
		return Optional.ofNullable(this.endpoint);
	}

	/**
	 * A client for this region, endpoint and credentials. The SDK does not retry: Herald retries with its own backoff
	 * and fails over to another provider, and SDK retries underneath would hold the delivery and hide every failure
	 * from the circuit breaker.
	 */
	public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder) {
		builder.region(this.region)
			.credentialsProvider(this.credentials)
			.httpClientBuilder(UrlConnectionHttpClient.builder()
				.connectionTimeout(CONNECT_TIMEOUT)
				.socketTimeout(READ_TIMEOUT))
			.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry())
				.apiCallTimeout(CALL_TIMEOUT)
				.scheduledExecutorService(TIMEOUTS));
		if (this.endpoint != null) {
			builder.endpointOverride(this.endpoint);
		}
		return builder.build();
	}

	/** The result with the secret key blanked out of its reason, should a service or exception ever echo it. */
	public DeliveryResult redact(DeliveryResult result) {
		String secret = this.secretAccessKey;
		if (secret == null) {
			return result;
		}
		return switch (result) {
			case RetryLater retry when retry.reason() != null && retry.reason().contains(secret) -> new RetryLater(
					retry.provider(), retry.reason().replace(secret, "******"), retry.retryAfter());
			case Rejected rejected when rejected.reason() != null && rejected.reason().contains(secret) ->
				new Rejected(rejected.provider(), rejected.reason().replace(secret, "******"), rejected.cause());
			case Delivered delivered -> delivered;
			case RetryLater retry -> retry;
			case Rejected rejected -> rejected;
			case Throttled throttled -> throttled;
		};
	}

	@Override
	public String toString() {
		return "AwsAccess[provider=" + this.providerId + ", region=" + this.region + ", endpoint="
				+ ((this.endpoint != null) ? this.endpoint : "default") + ", credentials="
				+ ((this.secretAccessKey != null) ? "static" : "default chain") + "]";
	}

	private static URI endpoint(String provider, String value) {
		String problem;
		try {
			URI uri = new URI(value);
			if (uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
					&& uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
					&& uri.getRawFragment() == null) {
				return uri;
			}
			problem = "an http or https URL with a host, and no user info, query or fragment";
		}
		catch (URISyntaxException ex) {
			problem = "a URL";
		}
		// Not quoted: a mistyped URL could carry credentials in its user info.
		throw new IllegalArgumentException("provider " + provider + ": the setting 'endpoint' must be " + problem);
	}

	/**
	 * One default chain for every channel that uses it: it caches and refreshes what it finds (e.g. a role's session),
	 * and shared, it never needs closing with a channel.
	 */
	private static final class DefaultChain {

		static final AwsCredentialsProvider INSTANCE = DefaultCredentialsProvider.builder().build();

	}

	private static String nonBlank(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String printable(String value) {
		return value.replaceAll("\\p{Cntrl}", "?");
	}

}
