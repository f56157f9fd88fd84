package dev.herald.channels.email.smtp;

import java.util.Arrays;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.email.EmailSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SmtpHeaderInjectionTests {

	@RegisterExtension
	static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@Test
	void lineBreaksInSubjectAndRecipientNameCreateNoHeaders() throws Exception {
		String name = "Mallory\nBcc: attacker2@evil.test\u2028X-Injected: yes\u0085Cc: attacker3@evil.test";

		DeliveryResult result = channel(TestEmails.SETTINGS).send(TestEmails.email("bob@example.test", name,
				"Hi\r\nBcc: attacker@evil.test", "<p>Hi</p>", "Hi"));

		assertThat(result).isInstanceOf(Delivered.class);
		MimeMessage received = onlyMessageReceived();
		assertThat(received.getAllRecipients()).extracting(Object::toString).singleElement().asString()
			.endsWith("<bob@example.test>");
		assertThat(received.getSubject()).isEqualTo("Hi  Bcc: attacker@evil.test");
		assertThat(headerNames(received)).doesNotContain("bcc", "cc", "x-injected");
	}

	@Test
	void lineBreaksInFromNameCreateNoHeaders() throws Exception {
		EmailSettings settings = new EmailSettings("orders@shop.test", "Shop\r\nBcc: attacker@evil.test\u2029",
				"herald.test");

		DeliveryResult result = channel(settings).send(TestEmails.email("bob@example.test"));

		assertThat(result).isInstanceOf(Delivered.class);
		MimeMessage received = onlyMessageReceived();
		assertThat(received.getFrom()).extracting(Object::toString).singleElement().asString()
			.endsWith("<orders@shop.test>");
		assertThat(headerNames(received)).doesNotContain("bcc");
	}

	@ParameterizedTest
	@ValueSource(strings = { "bob@example.test\r\nBcc: attacker@evil.test", "bob@example.test\nBcc: attacker@evil.test",
			"bob@example.test\u0000", "bob@exam\u2028ple.test", "bob@example.test\u0085" })
	void recipientAddressWithALineBreakIsRejectedAndNothingIsSent(String address) {
		DeliveryResult result = channel(TestEmails.SETTINGS).send(TestEmails.email(address));

		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.reason()).startsWith("invalid recipient address").doesNotContain("\r", "\n");
			assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS);
		});
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "bob", "bob@", "@example.test", "bob@example.test, eve@evil.test",
			"Bob <bob@example.test>", "friends: bob@example.test;", "bob smith@example.test" })
	void malformedRecipientAddressIsRejectedNotRetried(String address) {
		DeliveryResult result = channel(TestEmails.SETTINGS).send(TestEmails.email(address));

		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.reason()).startsWith("invalid recipient address");
			assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS);
		});
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void settingsRefuseLineBreaksInFromReplyToAndMessageIdDomain() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EmailSettings("orders@shop.test\r\nBcc: attacker@evil.test", "Shop", "herald.test"))
			.withMessageContaining("fromAddress");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EmailSettings("orders@shop.test", "Shop", "herald.test", "help@shop.test\nBcc: x@x"))
			.withMessageContaining("replyTo");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EmailSettings("orders@shop.test", "Shop", "herald.test>\r\nBcc: x@evil.test"))
			.withMessageContaining("messageIdDomain");
	}

	private static SmtpEmailChannel channel(EmailSettings settings) {
		return new SmtpEmailChannel(TestEmails.sender(greenMail.getSmtp().getBindTo(), greenMail.getSmtp().getPort()),
				settings);
	}

	/** GreenMail stores one copy per envelope recipient, so one message means nobody else got it. */
	private static MimeMessage onlyMessageReceived() {
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
		return greenMail.getReceivedMessages()[0];
	}

	/**
	 * The names of the header fields in the raw message as it arrived, read the way a receiving MTA would: a line
	 * starting with white space continues the previous field, any other line before the blank one starts a field.
	 */
	private static List<String> headerNames(MimeMessage received) {
		String raw = GreenMailUtil.getWholeMessage(received);
		String headers = raw.substring(0, raw.indexOf("\r\n\r\n"));
		assertThat(headers.replace("\r\n", "")).doesNotContain("\r", "\n", "\u2028", "\u2029", "\u0085", "\u0000");
		return Arrays.stream(headers.split("\r\n"))
			.filter((line) -> !line.startsWith(" ") && !line.startsWith("\t"))
			.map((line) -> {
				assertThat(line).as("header field line").matches("[!-9;-~]+:.*");
				return line.substring(0, line.indexOf(':')).toLowerCase();
			})
			.toList();
	}

}
