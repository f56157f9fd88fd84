package dev.herald.channels.sms.twilio;

import dev.herald.channels.ChannelsProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Twilio provider, always there: tenants opt in by configuring it, and it costs nothing until then. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChannelsProperties.class)
class TwilioSmsConfiguration {

	@Bean
	TwilioSmsProvider twilioSmsProvider(ChannelsProperties properties) {
		return new TwilioSmsProvider(properties.publicBaseUrl());
	}

}
