package dev.herald.channels.sms.twilio;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Twilio provider, always there: tenants opt in by configuring it, and it costs nothing until then. */
@Configuration(proxyBeanMethods = false)
class TwilioSmsConfiguration {

	@Bean
	TwilioSmsProvider twilioSmsProvider() {
		return new TwilioSmsProvider();
	}

}
