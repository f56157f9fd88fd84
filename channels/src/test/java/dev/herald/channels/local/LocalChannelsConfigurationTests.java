package dev.herald.channels.local;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.PushTarget;

import static dev.herald.channels.local.DevelopmentOutboxTests.TENANT;
import static dev.herald.channels.local.DevelopmentOutboxTests.push;
import static dev.herald.channels.local.DevelopmentOutboxTests.sms;
import static org.assertj.core.api.Assertions.assertThat;

class LocalChannelsConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(LocalChannelsConfiguration.class);

	@Test
	void withoutLocalModeThereIsNoOutboxNoLocalProviderAndNoDefaultChannelSoNothingPretendsToDeliver() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(DevelopmentOutbox.class)
			.doesNotHaveBean(ChannelProvider.class)
			.doesNotHaveBean(Channel.class));
		this.contextRunner.withPropertyValues("herald.channels.local.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Channel.class));
	}

	@Test
	void inLocalModeTheOutboxAndBothProvidersAreThere() {
		this.contextRunner.withPropertyValues("herald.channels.local.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(DevelopmentOutbox.class);
			assertThat(context.getBeansOfType(ChannelProvider.class).values()).extracting(ChannelProvider::id)
				.containsExactlyInAnyOrder("local-sms", "local-push");
		});
	}

	@Test
	void enabledTheyAreTheDefaultSmsAndPushChannelsSendingIntoTheOutboxBean() {
		this.contextRunner.withPropertyValues("herald.channels.local.enabled=true").run((context) -> {
			Map<String, Channel> channels = context.getBeansOfType(Channel.class);
			assertThat(channels.values()).extracting(Channel::type)
				.containsExactlyInAnyOrder(ChannelType.SMS, ChannelType.PUSH);
			Channel sms = channels.values().stream().filter((c) -> c.type() == ChannelType.SMS).findFirst().get();
			Channel push = channels.values().stream().filter((c) -> c.type() == ChannelType.PUSH).findFirst().get();
			assertThat(sms.provider()).isEqualTo("local-sms");
			assertThat(push.provider()).isEqualTo("local-push");

			assertThat(sms.send(sms(TENANT, "Hi"))).isInstanceOf(Delivered.class);
			assertThat(push.send(push(TENANT, new PushTarget("webpush", "https://push.test/1", Map.of()))))
				.isInstanceOf(Delivered.class);

			assertThat(context.getBean(DevelopmentOutbox.class).messages()).extracting((m) -> m.channel())
				.containsExactly(ChannelType.PUSH, ChannelType.SMS);
		});
	}

	@Test
	void theProvidersShareTheOutboxBean() {
		this.contextRunner.withPropertyValues("herald.channels.local.enabled=true").run((context) -> {
			DevelopmentOutbox outbox = context.getBean(DevelopmentOutbox.class);
			context.getBean("localSmsProvider", LocalProvider.class)
				.create(new ProviderSettings("local-sms", null, null))
				.send(sms(TENANT, "Hi"));
			assertThat(outbox.messages()).hasSize(1);
		});
	}

}
