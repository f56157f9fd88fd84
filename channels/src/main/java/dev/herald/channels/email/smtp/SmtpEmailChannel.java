package dev.herald.channels.email.smtp;

import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;

/**
 * Sends email through a {@link JavaMailSender}: Boot's, configured by {@code spring.mail.*}, or one the server builds.
 * Each message is multipart/alternative (plain text, then HTML) in UTF-8, carries a Message-ID derived from its
 * delivery and an {@value #DELIVERY_ID_HEADER} header, so a receiver can recognise a retried delivery.
 */
public final class SmtpEmailChannel implements Channel {

	static final String PROVIDER = "smtp";

	static final String DELIVERY_ID_HEADER = "X-Herald-Delivery-Id";

	private static final String UTF_8 = "UTF-8";

	private static final Logger logger = LoggerFactory.getLogger(SmtpEmailChannel.class);

	private final JavaMailSender mailSender;

	private final EmailSettings settings;

	public SmtpEmailChannel(JavaMailSender mailSender, EmailSettings settings) {
		this.mailSender = Objects.requireNonNull(mailSender, "mailSender");
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	@Override
	public ChannelType type() {
		return ChannelType.EMAIL;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	EmailSettings settings() {
		return this.settings;
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result = redacted(attempt(message));
		logger.debug("Delivery {} over SMTP: {}", message.deliveryId(), result);
		return result;
	}

	private DeliveryResult attempt(OutboundMessage message) {
		if (message.channel() != ChannelType.EMAIL) {
			return new Rejected(PROVIDER, "not an email message: channel " + message.channel().id());
		}
		InternetAddress recipient;
		try {
			recipient = recipient(message);
		}
		catch (AddressException | UnsupportedEncodingException ex) {
			return new Rejected(PROVIDER,
					"invalid recipient address \"" + HeaderValues.escape(message.to()) + "\": " + ex.getMessage());
		}
		return send(message, recipient, messageId(message.deliveryId()));
	}

	private DeliveryResult send(OutboundMessage message, InternetAddress recipient, String messageId) {
		MimeMessage mime;
		try {
			mime = mimeMessage(message, recipient, messageId);
		}
		catch (MessagingException | UnsupportedEncodingException | RuntimeException ex) {
			logger.warn("Could not build the email for delivery {}", message.deliveryId(), ex);
			return SmtpFailures.unexpected(ex);
		}
		try {
			this.mailSender.send(mime);
		}
		catch (MailException ex) {
			if (!acceptedBeforeFailure(ex)) {
				return SmtpFailures.classify(ex);
			}
			// Retrying would send a duplicate: the server has already taken the message.
			logger.warn("SMTP server accepted delivery {}, then closing the connection failed", message.deliveryId(),
					ex);
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure sending delivery {}", message.deliveryId(), ex);
			return SmtpFailures.unexpected(ex);
		}
		return new Delivered(PROVIDER, messageId);
	}

	private InternetAddress recipient(OutboundMessage message) throws AddressException, UnsupportedEncodingException {
		String address = EmailAddresses.parseBare(message.to()).getAddress();
		return new InternetAddress(address, HeaderValues.sanitize(message.recipientName()), UTF_8);
	}

	private String messageId(UUID deliveryId) {
		return "<" + deliveryId + "@" + this.settings.messageIdDomain() + ">";
	}

	private MimeMessage mimeMessage(OutboundMessage message, InternetAddress recipient, String messageId)
			throws MessagingException, UnsupportedEncodingException {
		// Borrow the sender's session (its mail.* properties) for a message type that keeps our Message-ID.
		MimeMessage mime = new DeliveryMimeMessage(this.mailSender.createMimeMessage().getSession(), messageId);
		mime.setFrom(new InternetAddress(this.settings.fromAddress(), this.settings.fromName(), UTF_8));
		if (this.settings.replyTo() != null) {
			mime.setReplyTo(new InternetAddress[] { new InternetAddress(this.settings.replyTo()) });
		}
		mime.setRecipient(RecipientType.TO, recipient);
		String subject = HeaderValues.sanitize(message.subject());
		if (subject != null) {
			mime.setSubject(subject, UTF_8);
		}
		mime.setSentDate(new Date());
		mime.setHeader("Message-ID", messageId);
		mime.setHeader(DELIVERY_ID_HEADER, message.deliveryId().toString());
		setBody(mime, message.textBody(), message.htmlBody());
		mime.saveChanges();
		return mime;
	}

	private static void setBody(MimeMessage mime, String text, String html) throws MessagingException {
		if (html == null) {
			mime.setText((text != null) ? text : "", UTF_8, "plain");
		}
		else if (text == null) {
			mime.setText(html, UTF_8, "html");
		}
		else {
			// Plainest first: clients show the last alternative they can render (RFC 2046 section 5.1.4).
			MimeMultipart alternative = new MimeMultipart("alternative");
			alternative.addBodyPart(bodyPart(text, "plain"));
			alternative.addBodyPart(bodyPart(html, "html"));
			mime.setContent(alternative);
		}
	}

	private static MimeBodyPart bodyPart(String content, String subtype) throws MessagingException {
		MimeBodyPart part = new MimeBodyPart();
		part.setText(content, UTF_8, subtype);
		return part;
	}

	/**
	 * JavaMailSenderImpl throws a MailSendException without failed messages only when closing the connection failed
	 * after the server had accepted every message.
	 */
	private boolean acceptedBeforeFailure(MailException ex) {
		return this.mailSender instanceof JavaMailSenderImpl && ex instanceof MailSendException send
				&& send.getFailedMessages().isEmpty();
	}

	/** Server replies and exception messages could echo anything; the SMTP password must never reach a reason. */
	private DeliveryResult redacted(DeliveryResult result) {
		String password = (this.mailSender instanceof JavaMailSenderImpl impl) ? impl.getPassword() : null;
		if (password == null || password.isEmpty()) {
			return result;
		}
		return switch (result) {
			case Delivered delivered -> delivered;
			case RetryLater retry -> new RetryLater(retry.provider(), retry.reason().replace(password, "******"),
					retry.retryAfter());
			case Rejected rejected -> new Rejected(rejected.provider(), rejected.reason().replace(password, "******"),
					rejected.cause());
			case DeliveryResult.Throttled throttled -> throttled;
		};
	}

}
