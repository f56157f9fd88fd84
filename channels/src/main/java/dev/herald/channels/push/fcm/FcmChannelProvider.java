package dev.herald.channels.push.fcm;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

/**
 * Firebase Cloud Messaging (HTTP v1 API), provider id {@value #ID}: push to devices whose platform is {@code fcm}.
 * <p>
 * Secret {@value #SERVICE_ACCOUNT_JSON}: the service account key file (JSON) Google gives; the account needs
 * permission to send messages in the project. Settings, all optional: {@value #PROJECT_ID} (default: the key file's
 * {@code project_id}), {@value #BASE_URL} (default {@code https://fcm.googleapis.com}) and {@value #TOKEN_URI}
 * (default: the key file's {@code token_uri}).
 */
public final class FcmChannelProvider implements ChannelProvider {

	public static final String ID = "fcm";

	public static final String SERVICE_ACCOUNT_JSON = "serviceAccountJson";

	public static final String PROJECT_ID = "projectId";

	public static final String BASE_URL = "baseUrl";

	public static final String TOKEN_URI = "tokenUri";

	/** Long enough for a slow answer, short enough that a hung connection does not hold a delivery worker. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

	private final Clock clock;

	private final Duration timeout;

	public FcmChannelProvider() {
		this(Clock.systemUTC(), DEFAULT_TIMEOUT);
	}

	/** For tests: a clock to move token expiry along, and a shorter timeout. */
	FcmChannelProvider(Clock clock, Duration timeout) {
		this.clock = Objects.requireNonNull(clock, "clock");
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
		return Set.of();
	}

	@Override
	public Set<String> requiredSecrets() {
		return Set.of(SERVICE_ACCOUNT_JSON);
	}

	@Override
	public Channel create(ProviderSettings settings) {
		ServiceAccount account = ServiceAccount.parse(settings.secret(SERVICE_ACCOUNT_JSON));
		FcmSettings fcm = FcmSettings.from(settings, account);
		// One client per configuration: it keeps connections to Google open between sends. Redirects are never
		// followed, so a bearer token only goes where it was meant to.
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(this.timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		AccessTokens tokens = new AccessTokens(account, fcm.tokenUri(), http, this.clock, this.timeout);
		return new FcmChannel(fcm, tokens, http, this.clock, this.timeout);
	}

}
