package dev.herald.channels.email;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import dev.herald.channels.ChannelType;
import dev.herald.channels.OutboundMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MimeMessagesTests {

	private final MimeMessages messages = new MimeMessages(
			new EmailSettings("orders@shop.test", "Herald Shop", "mail.shop.test", "help@shop.test"));

	@Test
	void rawBytesAreAnRfc5322MessageWithCrlfLineEndsAndEveryDeliveryHeader() throws Exception {
		OutboundMessage message = email("minsu@example.test", "김민수", "주문 확인", "<p>확인</p>", "확인");

		byte[] raw = MimeMessages.toBytes(this.messages.build(message, this.messages.recipient(message)));

		String text = new String(raw, StandardCharsets.US_ASCII);
		assertThat(text.replace("\r\n", "")).doesNotContain("\r", "\n");
		assertThat(text).as("7-bit clean: non-ASCII text is encoded").matches("\\p{ASCII}*");
		assertThat(text).contains("\r\nMessage-ID: <" + message.deliveryId() + "@mail.shop.test>\r\n",
				"\r\nX-Herald-Delivery-Id: " + message.deliveryId() + "\r\n", "\r\nMIME-Version: 1.0\r\n");
		MimeMessage parsed = parse(raw);
		assertThat(parsed.getSubject()).isEqualTo("주문 확인");
		assertThat((InternetAddress) parsed.getFrom()[0]).extracting(InternetAddress::getPersonal, InternetAddress::getAddress)
			.containsExactly("Herald Shop", "orders@shop.test");
		assertThat((InternetAddress) parsed.getAllRecipients()[0])
			.extracting(InternetAddress::getPersonal, InternetAddress::getAddress)
			.containsExactly("김민수", "minsu@example.test");
		assertThat(parsed.getReplyTo()).extracting(Object::toString).containsExactly("help@shop.test");
		assertThat(parsed.getSentDate()).isNotNull();
		MimeMultipart alternative = (MimeMultipart) parsed.getContent();
		assertThat(parsed.getContentType()).startsWith("multipart/alternative");
		assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
		assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("확인");
		assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
		assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>확인</p>");
	}

	@Test
	void messageWithOnlyHtmlHasASingleHtmlPart() throws Exception {
		OutboundMessage message = email("bob@example.test", null, "Hi", "<p>Hi</p>", null);

		MimeMessage parsed = parse(MimeMessages.toBytes(this.messages.build(message, this.messages.recipient(message))));

		assertThat(parsed.getContentType()).startsWith("text/html; charset=UTF-8");
		assertThat(parsed.getContent()).isEqualTo("<p>Hi</p>");
	}

	@Test
	void lineBreaksInSubjectAndDisplayNameNeverStartANewHeader() throws Exception {
		OutboundMessage message = email("bob@example.test", "Bob\r\nBcc: eve@evil.test", "Hi\nBcc: eve@evil.test",
				null, "Hi");

		byte[] raw = MimeMessages.toBytes(this.messages.build(message, this.messages.recipient(message)));

		MimeMessage parsed = parse(raw);
		assertThat(parsed.getHeader("Bcc")).isNull();
		assertThat(parsed.getSubject()).isEqualTo("Hi Bcc: eve@evil.test");
		assertThat(parsed.getAllRecipients()).hasSize(1);
	}

	@Test
	void recipientThatIsNotOneBareAddressIsInvalidWithAOneLineReason() {
		assertThatExceptionOfType(InvalidRecipientException.class)
			.isThrownBy(() -> this.messages.recipient(email("bob@example.test\r\nBcc: eve@evil.test", null, "Hi", null,
					"Hi")))
			.withMessage("invalid recipient address \"bob@example.test\\r\\nBcc: eve@evil.test\": "
					+ "contains a line break or control character");
		assertThatExceptionOfType(InvalidRecipientException.class)
			.isThrownBy(() -> this.messages.recipient(email("Bob <bob@example.test>", null, "Hi", null, "Hi")))
			.withMessageStartingWith("invalid recipient address \"Bob <bob@example.test>\"");
	}

	@Test
	void messageIdIsTheSameForEveryAttemptOfADelivery() throws Exception {
		OutboundMessage message = email("bob@example.test", null, "Hi", null, "Hi");

		MimeMessage first = this.messages.build(message, this.messages.recipient(message));
		MimeMessage second = this.messages.build(message, this.messages.recipient(message));

		assertThat(first.getMessageID()).isEqualTo(second.getMessageID())
			.isEqualTo(this.messages.messageId(message.deliveryId()))
			.isEqualTo("<" + message.deliveryId() + "@mail.shop.test>");
	}

	private static MimeMessage parse(byte[] raw) throws Exception {
		return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
	}

	private static OutboundMessage email(String to, String name, String subject, String html, String text) {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.EMAIL, to, name, subject, html,
				text);
	}

}
