package dev.herald.channels.email.smtp;

import java.util.Properties;
import java.util.UUID;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.herald.channels.ChannelType;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.email.EmailSettings;

/** Senders and messages shared by the SMTP tests. */
final class TestEmails {

	static final EmailSettings SETTINGS = new EmailSettings("orders@shop.test", "Herald Shop", "herald.test");

	private TestEmails() {
	}

	/** A sender with short timeouts, so a dead server fails a test in seconds, not minutes. */
	static JavaMailSenderImpl sender(String host, int port) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(host);
		sender.setPort(port);
		Properties properties = sender.getJavaMailProperties();
		properties.setProperty("mail.smtp.connectiontimeout", "2000");
		properties.setProperty("mail.smtp.timeout", "2000");
		return sender;
	}

	static OutboundMessage email(String to, String recipientName, String subject, String htmlBody, String textBody) {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.EMAIL, to, recipientName, subject,
				htmlBody, textBody);
	}

	static OutboundMessage email(String to) {
		return email(to, null, "Your order", "<p>Thanks!</p>", "Thanks!");
	}

}
