package dev.herald.console.local;

import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.console.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A development SMTP server (GreenMail) inside the server when {@code spring.mail.host} is not set: Herald sends real
 * SMTP to it and the console lists what arrived, so a new user sees emails without any mail set up.
 */
@Configuration(proxyBeanMethods = false)
@OnMissingProperty("spring.mail.host")
class LocalMailConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalMailConfiguration.class);

	@Bean(destroyMethod = "stop")
	GreenMail developmentSmtpServer(ServerProperties properties) {
		ServerSetup setup = new ServerSetup(properties.local().smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		GreenMail greenMail = new GreenMail((properties.local().smtpPort() == 0) ? setup.dynamicPort() : setup);
		greenMail.start();
		logger.info("Started the development SMTP server on 127.0.0.1:{}; received mail is listed at /mailbox (set "
				+ "spring.mail.host to send real mail)", greenMail.getSmtp().getPort());
		return greenMail;
	}

	@Bean
	JavaMailSender developmentMailSender(GreenMail greenMail) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(greenMail.getSmtp().getPort());
		Properties mail = new Properties();
		mail.put("mail.smtp.connectiontimeout", "5000");
		mail.put("mail.smtp.timeout", "10000");
		sender.setJavaMailProperties(mail);
		return sender;
	}

	@Bean
	DevelopmentMailbox developmentMailbox(GreenMail greenMail) {
		return new DevelopmentMailbox(greenMail);
	}

}
