package dev.herald.channels.push.apns;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the APNs provider. Always on: it costs nothing until a tenant configures it. */
@Configuration(proxyBeanMethods = false)
class ApnsConfiguration {

	@Bean
	ApnsChannelProvider apnsChannelProvider() {
		return new ApnsChannelProvider();
	}

}
