package dev.herald.channels.local;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.herald.channels.Channel;
import dev.herald.channels.ProviderSettings;

/**
 * The development outbox and its SMS and push providers, only with {@code herald.channels.local.enabled=true}, which
 * the local server sets: they are then the instance's default SMS and push channels, so a new tenant sees its messages
 * without configuring a provider. Off in production, where "delivered" must mean a real provider took the message.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = LocalChannelsConfiguration.ENABLED, havingValue = "true")
class LocalChannelsConfiguration {

	static final String ENABLED = "herald.channels.local.enabled";

	@Bean
	DevelopmentOutbox developmentOutbox() {
		return new DevelopmentOutbox();
	}

	@Bean
	LocalProvider localSmsProvider(DevelopmentOutbox outbox) {
		return LocalProvider.sms(outbox);
	}

	@Bean
	LocalProvider localPushProvider(DevelopmentOutbox outbox) {
		return LocalProvider.push(outbox);
	}

	@Bean
	Channel localSmsChannel(LocalProvider localSmsProvider) {
		return localSmsProvider.create(new ProviderSettings(LocalProvider.SMS, null, null));
	}

	@Bean
	Channel localPushChannel(LocalProvider localPushProvider) {
		return localPushProvider.create(new ProviderSettings(LocalProvider.PUSH, null, null));
	}

}
