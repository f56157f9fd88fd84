package dev.herald.channels.push.fcm;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.PushTarget;
import dev.herald.channels.testing.TestClock;

/** A fake Google, a service account it knows, and an FCM channel pointed at both, on a clock the test moves. */
final class FcmFixture implements AutoCloseable {

	/** One key for the whole run: RSA key generation is slow. */
	static final KeyPair ACCOUNT_KEYS = ServiceAccounts.rsaKeyPair();

	static final String DEVICE_TOKEN = "fYq3b9xZQk6Hn2pLr0tW1m:APA91bGz7kXcV4s8TjqN5yHdRw2LfE0uPoIa6MbKeSvJ3gQtZ";

	static final UUID TENANT = UUID.fromString("0b8f2d6e-4c1a-4e8b-9f3d-7a6c5b4e3d2f");

	final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:15:30Z"));

	final FakeGoogle google;

	final FcmChannelProvider provider = new FcmChannelProvider(this.clock, Duration.ofSeconds(2));

	FcmFixture() throws IOException {
		this.google = FakeGoogle.start(ACCOUNT_KEYS.getPublic(), this.clock);
	}

	String serviceAccountJson() {
		return ServiceAccounts.json(ACCOUNT_KEYS, this.google.tokenUri());
	}

	ProviderSettings settings(Map<String, String> values) {
		Map<String, String> all = new HashMap<>(values);
		all.putIfAbsent(FcmChannelProvider.BASE_URL, this.google.baseUrl().toString());
		return new ProviderSettings("fcm", all, Map.of(FcmChannelProvider.SERVICE_ACCOUNT_JSON, serviceAccountJson()));
	}

	Channel channel() {
		return this.provider.create(settings(Map.of()));
	}

	static OutboundMessage push(Map<String, String> data) {
		return push(UUID.randomUUID(), DEVICE_TOKEN, data);
	}

	static OutboundMessage push(UUID deliveryId, String token, Map<String, String> data) {
		return new OutboundMessage(deliveryId, TENANT, ChannelType.PUSH, token, "Ada", "Your order has shipped", null,
				"Order #1042 is on its way", data, new PushTarget(PushTarget.FCM, token, Map.of()));
	}

	@Override
	public void close() {
		this.google.close();
	}

}
