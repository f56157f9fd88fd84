package dev.herald.channels.email.smtp;

import java.util.UUID;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.email.EmailSettings;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpEmailChannelTests {

	@RegisterExtension
	static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	private SmtpEmailChannel channel;

	@BeforeEach
	void createChannel() {
		EmailSettings settings = new EmailSettings("orders@shop.test", "Herald Shop", "herald.test",
				"support@shop.test");
		this.channel = new SmtpEmailChannel(
				TestEmails.sender(greenMail.getSmtp().getBindTo(), greenMail.getSmtp().getPort()), settings);
	}

	@Test
	void deliveredMessageIsMultipartAlternativeWithUtf8SubjectDisplayNamesAndDeliveryHeaders() throws Exception {
		OutboundMessage message = TestEmails.email("minsu@example.test", "김민수", "주문 확인",
				"<p>주문이 확인되었습니다.</p>", "주문이 확인되었습니다.");

		DeliveryResult result = this.channel.send(message);

		String messageId = "<" + message.deliveryId() + "@herald.test>";
		assertThat(result).isEqualTo(new Delivered("smtp", messageId));
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
		MimeMessage received = greenMail.getReceivedMessages()[0];
		assertThat(received.getSubject()).isEqualTo("주문 확인");
		assertThat(received.getHeader("Subject", null)).startsWith("=?UTF-8?");
		assertThat((InternetAddress) received.getFrom()[0])
			.satisfies((from) -> assertThat(from.getAddress()).isEqualTo("orders@shop.test"))
			.satisfies((from) -> assertThat(from.getPersonal()).isEqualTo("Herald Shop"));
		assertThat((InternetAddress) received.getRecipients(RecipientType.TO)[0])
			.satisfies((to) -> assertThat(to.getAddress()).isEqualTo("minsu@example.test"))
			.satisfies((to) -> assertThat(to.getPersonal()).isEqualTo("김민수"));
		assertThat(received.getReplyTo()).extracting(Object::toString).containsExactly("support@shop.test");
		assertThat(received.getMessageID()).isEqualTo(messageId);
		assertThat(received.getHeader("X-Herald-Delivery-Id")).containsExactly(message.deliveryId().toString());
		assertThat(received.getSentDate()).isNotNull();

		assertThat(received.getContentType()).startsWith("multipart/alternative");
		MimeMultipart alternative = (MimeMultipart) received.getContent();
		assertThat(alternative.getCount()).isEqualTo(2);
		assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain")
			.containsIgnoringCase("charset=UTF-8");
		assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("주문이 확인되었습니다.");
		assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html")
			.containsIgnoringCase("charset=UTF-8");
		assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>주문이 확인되었습니다.</p>");
	}

	@Test
	void messageWithoutHtmlIsSentAsPlainTextOnly() throws Exception {
		DeliveryResult result = this.channel
			.send(TestEmails.email("bob@example.test", null, "Plain", null, "Just text"));

		assertThat(result).isInstanceOf(Delivered.class);
		MimeMessage received = greenMail.getReceivedMessages()[0];
		assertThat(received.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
		assertThat(received.getContent()).isEqualTo("Just text");
		assertThat(((InternetAddress) received.getRecipients(RecipientType.TO)[0]).getPersonal()).isNull();
	}

	@Test
	void sendingTheSameDeliveryTwiceKeepsItsMessageIdSoTheReceiverCanCountDuplicates() throws Exception {
		OutboundMessage message = TestEmails.email("bob@example.test");

		this.channel.send(message);
		this.channel.send(message);

		assertThat(greenMail.getReceivedMessages()).hasSize(2)
			.allSatisfy((received) -> {
				assertThat(received.getMessageID()).isEqualTo("<" + message.deliveryId() + "@herald.test>");
				assertThat(received.getHeader("X-Herald-Delivery-Id")).containsExactly(message.deliveryId().toString());
			});
	}

	@Test
	void messageForAnotherChannelIsRejectedWithoutSending() {
		OutboundMessage sms = new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.SMS, "+15551234567",
				null, null, null, "Hi");

		assertThat(this.channel.send(sms)).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.reason()).contains("not an email message"));
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void senderThrowingSomethingUnexpectedIsRetriedLaterWithTheExceptionNamed() {
		JavaMailSenderImpl broken = new JavaMailSenderImpl() {
			@Override
			public void send(MimeMessage mimeMessage) {
				throw new IllegalStateException("sender shut down");
			}
		};
		SmtpEmailChannel channel = new SmtpEmailChannel(broken, TestEmails.SETTINGS);

		assertThat(channel.send(TestEmails.email("bob@example.test"))).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).contains("java.lang.IllegalStateException", "sender shut down"));
	}

}
