package dev.herald.channels.push.fcm;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the FCM provider. Always on: it costs nothing until a tenant configures it. */
@Configuration(proxyBeanMethods = false)
class FcmConfiguration {

	@Bean
	FcmChannelProvider fcmChannelProvider() {
		return new FcmChannelProvider();
	}

}
