package dev.herald.channels.push.apns;

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

/** A fake APNs, a team signing key it knows, and an APNs channel trusting its certificate, on a test clock. */
final class ApnsFixture implements AutoCloseable {

	static final KeyPair TEAM_KEYS = SigningKeys.p256();

	/** One certificate for the whole run. */
	static final TestTls TLS = TestTls.selfSigned();

	static final String TOPIC = "test.herald.shop";

	static final String DEVICE_TOKEN = "5f8d2c9a0b7e4d3c1a6f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b";

	static final UUID TENANT = UUID.fromString("0b8f2d6e-4c1a-4e8b-9f3d-7a6c5b4e3d2f");

	final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:15:30Z"));

	final FakeApns apns;

	final ApnsChannelProvider provider;

	ApnsFixture() throws Exception {
		this.apns = FakeApns.start(TLS, TEAM_KEYS.getPublic(), TOPIC, this.clock);
		this.provider = new ApnsChannelProvider(this.clock, TLS.clientContext(), Duration.ofSeconds(5));
	}

	ProviderSettings settings(Map<String, String> values) {
		Map<String, String> all = new HashMap<>(Map.of(ApnsChannelProvider.TEAM_ID, SigningKeys.TEAM_ID,
				ApnsChannelProvider.KEY_ID, SigningKeys.KEY_ID, ApnsChannelProvider.TOPIC, TOPIC,
				ApnsChannelProvider.BASE_URL, this.apns.baseUrl()));
		all.putAll(values);
		return new ProviderSettings("apns", all, Map.of(ApnsChannelProvider.PRIVATE_KEY, SigningKeys.p8(TEAM_KEYS)));
	}

	Channel channel() {
		return this.provider.create(settings(Map.of()));
	}

	static OutboundMessage push(Map<String, String> data) {
		return push(UUID.randomUUID(), DEVICE_TOKEN, data);
	}

	static OutboundMessage push(UUID deliveryId, String token, Map<String, String> data) {
		return new OutboundMessage(deliveryId, TENANT, ChannelType.PUSH, token, "Ada", "Your order has shipped", null,
				"Order #1042 is on its way", data, new PushTarget(PushTarget.APNS, token, Map.of()));
	}

	@Override
	public void close() throws Exception {
		this.apns.close();
	}

}
