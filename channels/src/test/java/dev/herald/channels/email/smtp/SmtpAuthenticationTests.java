package dev.herald.channels.email.smtp;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.RetryLater;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpAuthenticationTests {

	@RegisterExtension
	static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("herald", "correct-horse"));

	@Test
	void rightCredentialsDeliver() {
		DeliveryResult result = channel("herald", "correct-horse").send(TestEmails.email("bob@example.test"));

		assertThat(result).isInstanceOf(Delivered.class);
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void wrongPasswordIsRetriedLaterWithAReasonThatNeverContainsThePassword() {
		DeliveryResult result = channel("herald", "Tr0ub4dor&3").send(TestEmails.email("bob@example.test"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("SMTP authentication failed")
			.doesNotContain("Tr0ub4dor&3"));
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	private static SmtpEmailChannel channel(String username, String password) {
		JavaMailSenderImpl sender = TestEmails.sender(greenMail.getSmtp().getBindTo(), greenMail.getSmtp().getPort());
		sender.setUsername(username);
		sender.setPassword(password);
		sender.getJavaMailProperties().setProperty("mail.smtp.auth", "true");
		return new SmtpEmailChannel(sender, TestEmails.SETTINGS);
	}

}
