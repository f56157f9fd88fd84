package dev.herald.channels.sms.sns;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Always there: a tenant uses SNS for SMS by configuring it, and until then it costs nothing. */
@Configuration(proxyBeanMethods = false)
class SnsSmsConfiguration {

	@Bean
	SnsSmsChannelProvider snsSmsChannelProvider() {
		return new SnsSmsChannelProvider();
	}

}
