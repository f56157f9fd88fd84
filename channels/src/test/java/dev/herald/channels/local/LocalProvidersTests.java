package dev.herald.channels.local;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.PushTarget;
import dev.herald.channels.local.DevelopmentOutbox.Message;

import static dev.herald.channels.local.DevelopmentOutboxTests.TENANT;
import static dev.herald.channels.local.DevelopmentOutboxTests.push;
import static dev.herald.channels.local.DevelopmentOutboxTests.sms;
import static org.assertj.core.api.Assertions.assertThat;

class LocalProvidersTests {

	private final DevelopmentOutbox outbox = new DevelopmentOutbox();

	private final LocalProvider smsProvider = LocalProvider.sms(this.outbox);

	private final LocalProvider pushProvider = LocalProvider.push(this.outbox);

	@Test
	void describeThemselvesAsDevelopmentProvidersWithoutSettings() {
		assertThat(this.smsProvider.id()).isEqualTo("local-sms");
		assertThat(this.smsProvider.channel()).isEqualTo(ChannelType.SMS);
		assertThat(this.pushProvider.id()).isEqualTo("local-push");
		assertThat(this.pushProvider.channel()).isEqualTo(ChannelType.PUSH);
		assertThat(this.smsProvider.requiredSettings()).isEmpty();
		assertThat(this.smsProvider.requiredSecrets()).isEmpty();
		assertThat(this.pushProvider.requiredSettings()).isEmpty();
		assertThat(this.pushProvider.requiredSecrets()).isEmpty();
	}

	@Test
	void anSmsIsDeliveredIntoTheOutbox() {
		Channel channel = this.smsProvider.create(settings("local-sms"));
		OutboundMessage sms = sms(TENANT, "Your code is 1234");

		var result = channel.send(sms);

		Message kept = this.outbox.messages().getFirst();
		assertThat(result).isEqualTo(new Delivered("local-sms", Long.toString(kept.id())));
		assertThat(kept.deliveryId()).isEqualTo(sms.deliveryId());
		assertThat(kept.text()).isEqualTo("Your code is 1234");
		assertThat(channel.type()).isEqualTo(ChannelType.SMS);
		assertThat(channel.provider()).isEqualTo("local-sms");
	}

	@ParameterizedTest
	@ValueSource(strings = { "webpush", "fcm", "apns", "sns" })
	void pushReachesEveryPlatform(String platform) {
		Channel channel = this.pushProvider.create(settings("local-push"));
		OutboundMessage push = push(TENANT, new PushTarget(platform, "token-" + platform,
				platform.equals("webpush") ? Map.of("p256dh", "key", "auth", "secret") : Map.of()));

		assertThat(channel.supports(push)).isTrue();
		assertThat(channel.send(push)).isInstanceOf(Delivered.class);
		assertThat(this.outbox.messages().getFirst().platform()).isEqualTo(platform);
		assertThat(this.outbox.messages().getFirst().to()).isEqualTo("token-" + platform);
	}

	@Test
	void aPushWithoutDeviceIsRejected() {
		Channel channel = this.pushProvider.create(settings("local-push"));
		OutboundMessage push = new OutboundMessage(UUID.randomUUID(), TENANT, ChannelType.PUSH, "token", null, "Hi",
				null, "Hi");

		assertThat(channel.send(push))
			.isEqualTo(new Rejected("local-push", "a push notification needs a device", Cause.INVALID_ADDRESS));
		assertThat(this.outbox.messages()).isEmpty();
	}

	@Test
	void anotherChannelsMessageIsRejectedAndNotKept() {
		Channel sms = this.smsProvider.create(settings("local-sms"));
		OutboundMessage push = push(TENANT, new PushTarget("fcm", "t", Map.of()));

		assertThat(sms.supports(push)).isFalse();
		assertThat(sms.send(push)).isEqualTo(new Rejected("local-sms", "not a sms message: channel push"));
		assertThat(this.outbox.messages()).isEmpty();
	}

	private static ProviderSettings settings(String providerId) {
		return new ProviderSettings(providerId, Map.of(), Map.of());
	}

}
