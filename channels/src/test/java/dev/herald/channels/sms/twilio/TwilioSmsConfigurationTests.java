package dev.herald.channels.sms.twilio;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioSmsConfigurationTests {

	@Test
	void theProviderIsABeanFoundByComponentScanningWithoutAnyProperty() {
		new ApplicationContextRunner().withUserConfiguration(ScanTwilio.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ChannelProvider.class).doesNotHaveBean(Channel.class);
			assertThat(context.getBean(ChannelProvider.class).id()).isEqualTo("twilio");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = TwilioSmsProvider.class)
	static class ScanTwilio {

	}

}
