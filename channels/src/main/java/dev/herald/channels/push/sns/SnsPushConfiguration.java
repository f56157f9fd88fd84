package dev.herald.channels.push.sns;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Always there: a tenant uses SNS for push by configuring it, and until then it costs nothing. */
@Configuration(proxyBeanMethods = false)
class SnsPushConfiguration {

	@Bean
	SnsPushChannelProvider snsPushChannelProvider() {
		return new SnsPushChannelProvider();
	}

}
