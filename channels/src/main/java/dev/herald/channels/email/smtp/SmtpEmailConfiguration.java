package dev.herald.channels.email.smtp;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

import dev.herald.channels.ChannelsProperties;
import dev.herald.channels.email.EmailSettings;

/**
 * The SMTP email channel, on unless {@code herald.channels.email.provider} names another one. It needs a
 * {@link JavaMailSender} bean: Boot's from {@code spring.mail.host}, or one the server defines.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "herald.channels.email", name = "provider", havingValue = "smtp",
		matchIfMissing = true)
@EnableConfigurationProperties(ChannelsProperties.class)
class SmtpEmailConfiguration {

	@Bean
	SmtpEmailChannel smtpEmailChannel(JavaMailSender mailSender, ChannelsProperties properties) {
		ChannelsProperties.Email email = properties.email();
		return new SmtpEmailChannel(mailSender,
				new EmailSettings(email.from(), email.fromName(), email.messageIdDomain(), email.replyTo()));
	}

}
