package dev.herald.channels.email.smtp;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelsProperties;
import dev.herald.channels.email.EmailSettings;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpEmailConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(SmtpEmailConfiguration.class);

	@Test
	void channelIsCreatedFromDefaultPropertiesAndTheMailSenderBean() {
		this.contextRunner.withBean(JavaMailSender.class, JavaMailSenderImpl::new).run((context) -> {
			assertThat(context).hasSingleBean(SmtpEmailChannel.class).hasSingleBean(ChannelsProperties.class);
			assertThat(context.getBean(Channel.class).provider()).isEqualTo("smtp");
			assertThat(context.getBean(SmtpEmailChannel.class).settings())
				.isEqualTo(new EmailSettings("herald@localhost", "Herald", "herald.local", null));
		});
	}

	@Test
	void emailPropertiesConfigureTheSettings() {
		this.contextRunner.withBean(JavaMailSender.class, JavaMailSenderImpl::new)
			.withPropertyValues("herald.channels.email.provider=smtp", "herald.channels.email.from=orders@shop.test",
					"herald.channels.email.from-name=Shop", "herald.channels.email.message-id-domain=mail.shop.test",
					"herald.channels.email.reply-to=help@shop.test")
			.run((context) -> assertThat(context.getBean(SmtpEmailChannel.class).settings())
				.isEqualTo(new EmailSettings("orders@shop.test", "Shop", "mail.shop.test", "help@shop.test")));
	}

	@Test
	void channelIsNotCreatedWhenAnotherEmailProviderIsChosen() {
		this.contextRunner.withBean(JavaMailSender.class, JavaMailSenderImpl::new)
			.withPropertyValues("herald.channels.email.provider=ses")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SmtpEmailChannel.class));
	}

	@Test
	void channelUsesTheSenderSpringBootBuildsFromSpringMailProperties() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
			.withPropertyValues("spring.mail.host=smtp.shop.test", "spring.mail.port=2525")
			.run((context) -> {
				assertThat(context).hasSingleBean(SmtpEmailChannel.class);
				assertThat(context.getBean(JavaMailSenderImpl.class).getHost()).isEqualTo("smtp.shop.test");
			});
	}

	@Test
	void startupFailsWithoutAMailSender() {
		this.contextRunner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.hasStackTraceContaining(JavaMailSender.class.getName()));
	}

	@Test
	void startupFailsOnAFromAddressWithALineBreak() {
		this.contextRunner.withBean(JavaMailSender.class, JavaMailSenderImpl::new)
			.withPropertyValues("herald.channels.email.from=orders@shop.test\r\nBcc: attacker@evil.test")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("fromAddress"));
	}

}
