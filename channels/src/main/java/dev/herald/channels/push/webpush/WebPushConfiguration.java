package dev.herald.channels.push.webpush;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the Web Push provider. Always on: it does nothing until a tenant configures it. */
@Configuration(proxyBeanMethods = false)
class WebPushConfiguration {

	@Bean
	WebPushProvider webPushProvider() {
		return new WebPushProvider();
	}

}
