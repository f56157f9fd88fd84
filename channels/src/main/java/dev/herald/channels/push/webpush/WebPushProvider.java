package dev.herald.channels.push.webpush;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

/**
 * Web Push to browsers (provider {@code webpush}), for devices registered with platform {@code webpush}: the device's
 * token is the subscription endpoint and its keys are {@code p256dh} and {@code auth}.
 * <p>
 * Settings: {@code subject} (a {@code mailto:} or {@code https:} contact for push services), {@code publicKey} (the
 * VAPID public key, base64url uncompressed point, which the site passes to {@code pushManager.subscribe}); optional
 * {@code ttlSeconds} (default 86400), {@code timeoutSeconds} (default 10), {@code endpointOverride} (a base URL all
 * requests go to instead of the endpoint's origin) and {@code allowInsecureEndpoints} ({@code true} lets {@code http:}
 * endpoints through, for local push services only). Secret: {@code privateKey}, the VAPID private key as base64url of
 * the raw 32-byte scalar (or PKCS#8). {@link VapidKeyPair#generate()} makes a pair.
 */
public final class WebPushProvider implements ChannelProvider {

	private final Clock clock;

	public WebPushProvider() {
		this(Clock.systemUTC());
	}

	WebPushProvider(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public String id() {
		return WebPushAnswers.PROVIDER;
	}

	@Override
	public ChannelType channel() {
		return ChannelType.PUSH;
	}

	@Override
	public Set<String> requiredSettings() {
		return Set.of(WebPushSettings.SUBJECT, WebPushSettings.PUBLIC_KEY);
	}

	@Override
	public Set<String> requiredSecrets() {
		return Set.of(WebPushSettings.PRIVATE_KEY);
	}

	@Override
	public Channel create(ProviderSettings settings) {
		WebPushSettings webPush = WebPushSettings.from(settings, this.clock);
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(webPush.timeout())
			// An endpoint is the browser's to choose; a redirect elsewhere is not followed with our VAPID token.
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return new WebPushChannel(webPush, client, this.clock);
	}

}
