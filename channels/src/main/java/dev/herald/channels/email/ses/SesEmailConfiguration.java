package dev.herald.channels.email.ses;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Always there: a tenant uses SES by configuring it, and until then it costs nothing. */
@Configuration(proxyBeanMethods = false)
class SesEmailConfiguration {

	@Bean
	SesChannelProvider sesChannelProvider() {
		return new SesChannelProvider();
	}

}
