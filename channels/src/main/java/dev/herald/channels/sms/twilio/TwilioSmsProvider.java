package dev.herald.channels.sms.twilio;

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
 * SMS through Twilio (provider id {@value #ID}). Settings: {@value #ACCOUNT_SID}; {@value #FROM} (a Twilio number,
 * short code or alphanumeric sender id) or {@value #MESSAGING_SERVICE_SID}, or both; optionally
 * {@value #STATUS_CALLBACK_URL}, {@value #API_KEY_SID} and {@value #BASE_URL} (default
 * {@code https://api.twilio.com}). Secret: {@value #AUTH_TOKEN}, or {@value #API_KEY_SECRET} with an API key.
 */
public final class TwilioSmsProvider implements ChannelProvider {

	public static final String ID = "twilio";

	public static final String ACCOUNT_SID = "accountSid";

	public static final String FROM = "from";

	public static final String MESSAGING_SERVICE_SID = "messagingServiceSid";

	public static final String STATUS_CALLBACK_URL = "statusCallbackUrl";

	public static final String API_KEY_SID = "apiKeySid";

	public static final String BASE_URL = "baseUrl";

	public static final String AUTH_TOKEN = "authToken";

	public static final String API_KEY_SECRET = "apiKeySecret";

	/** Where Herald takes a tenant's status callbacks, below its public base URL; the tenant's id follows. */
	public static final String STATUS_CALLBACK_PATH = "/webhooks/twilio/";

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

	private final Duration requestTimeout;

	private final Clock clock;

	private final String publicBaseUrl;

	private HttpClient client;

	public TwilioSmsProvider() {
		this((String) null);
	}

	/**
	 * @param publicBaseUrl Herald's public base URL: messages then ask Twilio to report their status to
	 * {@value #STATUS_CALLBACK_PATH}{@code {tenantId}} below it, unless the tenant set {@value #STATUS_CALLBACK_URL};
	 * {@code null} for no status callbacks
	 */
	public TwilioSmsProvider(String publicBaseUrl) {
		this(REQUEST_TIMEOUT, Clock.systemUTC(), publicBaseUrl);
	}

	TwilioSmsProvider(Duration requestTimeout, Clock clock) {
		this(requestTimeout, clock, null);
	}

	TwilioSmsProvider(Duration requestTimeout, Clock clock, String publicBaseUrl) {
		this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.publicBaseUrl = (publicBaseUrl != null && !publicBaseUrl.isBlank())
				? publicBaseUrl.strip().replaceAll("/+$", "") : null;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public ChannelType channel() {
		return ChannelType.SMS;
	}

	/**
	 * Only the account SID is needed in every configuration: the sender is {@value #FROM} or
	 * {@value #MESSAGING_SERVICE_SID}, which {@link #create} checks.
	 */
	@Override
	public Set<String> requiredSettings() {
		return Set.of(ACCOUNT_SID);
	}

	/**
	 * Empty: the secret is {@value #AUTH_TOKEN}, or {@value #API_KEY_SECRET} when {@value #API_KEY_SID} is set, which
	 * {@link #create} checks.
	 */
	@Override
	public Set<String> requiredSecrets() {
		return Set.of();
	}

	@Override
	public Channel create(ProviderSettings settings) {
		return new TwilioSmsChannel(TwilioSettings.of(settings), client(), this.requestTimeout, this.clock,
				(this.publicBaseUrl != null) ? this.publicBaseUrl + STATUS_CALLBACK_PATH : null);
	}

	/**
	 * One client for every tenant's channel: it pools connections to the same API and each client keeps a thread,
	 * so one per tenant would not scale. Made on first use, so the bean costs nothing until a tenant uses Twilio.
	 */
	private synchronized HttpClient client() {
		if (this.client == null) {
			this.client = HttpClient.newBuilder()
				.connectTimeout(CONNECT_TIMEOUT)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
		}
		return this.client;
	}

}
