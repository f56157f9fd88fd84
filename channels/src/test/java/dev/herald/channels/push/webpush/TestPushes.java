package dev.herald.channels.push.webpush;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.herald.channels.ChannelType;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.PushTarget;

/** Settings and notifications shared by the Web Push tests. */
final class TestPushes {

	static final String SUBJECT = "mailto:ops@shop.test";

	private TestPushes() {
	}

	/**
	 * A tenant's settings for these keys, allowing the fake's {@code http:} endpoints and failing fast.
	 * @param more further setting keys and values, alternating
	 */
	static ProviderSettings settings(VapidKeyPair keys, String... more) {
		Map<String, String> values = new HashMap<>(Map.of("subject", SUBJECT, "publicKey", keys.publicKey(),
				"allowInsecureEndpoints", "true", "timeoutSeconds", "2"));
		for (int i = 0; i < more.length; i += 2) {
			values.put(more[i], more[i + 1]);
		}
		return new ProviderSettings("webpush", values, Map.of("privateKey", keys.privateKey()));
	}

	static OutboundMessage notification(PushTarget device, String title, String body, Map<String, String> data) {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.PUSH, device.token(), null, title,
				null, body, data, device);
	}

	static OutboundMessage notification(PushTarget device) {
		return notification(device, "Your order has shipped", "Order #1042 is on its way.",
				Map.of("url", "https://shop.test/orders/1042"));
	}

}
