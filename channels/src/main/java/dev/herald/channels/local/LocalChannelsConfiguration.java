package dev.herald.channels.local;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.herald.channels.Channel;
import dev.herald.channels.ProviderSettings;

/**
 * The development outbox and its SMS and push providers, always there (an empty outbox costs nothing). With
 * {@code herald.channels.local.enabled=true}, which the local server sets, they are also the instance's default SMS
 * and push channels, so a new tenant sees its messages without configuring a provider.
 */
@Configuration(proxyBeanMethods = false)
class LocalChannelsConfiguration {

	static final String ENABLED = "herald.channels.local.enabled";

	@Bean
	DevelopmentOutbox developmentOutbox() {
		return new DevelopmentOutbox();
	}

	@Bean
	LocalSmsProvider localSmsProvider(DevelopmentOutbox outbox) {
		return new LocalSmsProvider(outbox);
	}

	@Bean
	LocalPushProvider localPushProvider(DevelopmentOutbox outbox) {
		return new LocalPushProvider(outbox);
	}

	@Bean
	@ConditionalOnProperty(name = ENABLED, havingValue = "true")
	Channel localSmsChannel(LocalSmsProvider provider) {
		return provider.create(new ProviderSettings(LocalSmsProvider.ID, null, null));
	}

	@Bean
	@ConditionalOnProperty(name = ENABLED, havingValue = "true")
	Channel localPushChannel(LocalPushProvider provider) {
		return provider.create(new ProviderSettings(LocalPushProvider.ID, null, null));
	}

}
