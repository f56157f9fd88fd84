package dev.herald.channels.push.apns;

import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

/**
 * Apple Push Notification service over HTTP/2 with token authentication, provider id {@value #ID}: alert
 * notifications to devices whose platform is {@code apns}.
 * <p>
 * Settings: {@value #TEAM_ID} and {@value #KEY_ID} (as the Apple developer account shows them), {@value #TOPIC}
 * (the app's bundle id), optionally {@value #SANDBOX} ({@code true} for development builds' tokens) or
 * {@value #BASE_URL} (default {@code https://api.push.apple.com}). Secret {@value #PRIVATE_KEY}: the .p8 signing key.
 */
public final class ApnsChannelProvider implements ChannelProvider {

	public static final String ID = "apns";

	public static final String TEAM_ID = "teamId";

	public static final String KEY_ID = "keyId";

	public static final String TOPIC = "topic";

	public static final String BASE_URL = "baseUrl";

	public static final String SANDBOX = "sandbox";

	public static final String PRIVATE_KEY = "privateKey";

	/** Long enough for a slow answer, short enough that a hung connection does not hold a delivery worker. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

	private final Clock clock;

	private final SSLContext sslContext;

	private final Duration timeout;

	/**
	 * Tokens by signing key, shared by every channel made from it: APNs counts token changes per team, so a
	 * tenant's configuration change, or two tenants with one key, must not sign extra ones.
	 */
	private final Map<String, ProviderTokens> tokensByKey = new ConcurrentHashMap<>();

	public ApnsChannelProvider() {
		this(Clock.systemUTC(), null, DEFAULT_TIMEOUT);
	}

	/**
	 * For tests: a clock to age tokens, a TLS context that trusts a local server's certificate ({@code null} for
	 * the JDK's default trust), and a shorter timeout.
	 */
	ApnsChannelProvider(Clock clock, SSLContext sslContext, Duration timeout) {
		this.clock = Objects.requireNonNull(clock, "clock");
		this.sslContext = sslContext;
		this.timeout = Objects.requireNonNull(timeout, "timeout");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public ChannelType channel() {
		return ChannelType.PUSH;
	}

	@Override
	public Set<String> requiredSettings() {
		return Set.of(TEAM_ID, KEY_ID, TOPIC);
	}

	@Override
	public Set<String> requiredSecrets() {
		return Set.of(PRIVATE_KEY);
	}

	@Override
	public Channel create(ProviderSettings settings) {
		ApnsSettings apns = ApnsSettings.from(settings);
		PrivateKey key = ProviderTokens.signingKey(settings.secret(PRIVATE_KEY));
		ProviderTokens tokens = this.tokensByKey.computeIfAbsent(
				apns.teamId() + "/" + apns.keyId() + "/" + fingerprint(key),
				(ignored) -> new ProviderTokens(apns.teamId(), apns.keyId(), key, this.clock));
		// One client, so one HTTP/2 connection, per configuration: Apple asks to keep connections open, and not to
		// mix teams on one connection.
		HttpClient.Builder http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(this.timeout)
			.followRedirects(HttpClient.Redirect.NEVER);
		if (this.sslContext != null) {
			http.sslContext(this.sslContext);
		}
		return new ApnsChannel(apns, tokens, http.build(), this.clock, this.timeout);
	}

	/** Tells keys apart without keeping their bytes as a map key. */
	private static String fingerprint(PrivateKey key) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

}
