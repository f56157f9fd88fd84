package dev.herald.channels.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import dev.herald.channels.OutboundMessage;

/**
 * Builds the email every provider sends, so a message reads the same whether it left through SMTP or SES:
 * multipart/alternative (plain text, then HTML) in UTF-8, a Message-ID derived from the delivery and an
 * {@value #DELIVERY_ID_HEADER} header, so a receiver can recognise a retried delivery. Subject and display names are
 * stripped of anything that could end a header line; the recipient address is checked strictly instead. Thread-safe.
 */
public final class MimeMessages {

	public static final String DELIVERY_ID_HEADER = "X-Herald-Delivery-Id";

	private static final String UTF_8 = "UTF-8";

	// Building and writing a message needs a session but never connects, so one without properties does for SES.
	private static final Session PLAIN_SESSION = Session.getInstance(new Properties());

	private final EmailSettings settings;

	public MimeMessages(EmailSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	public EmailSettings settings() {
		return this.settings;
	}

	/** {@code <deliveryId@messageIdDomain>}: the same on every attempt of one delivery. */
	public String messageId(UUID deliveryId) {
		return "<" + deliveryId + "@" + this.settings.messageIdDomain() + ">";
	}

	/**
	 * The message's recipient: exactly one bare address, checked strictly, with the recipient's name as display name.
	 * @throws InvalidRecipientException when the address can never work; sending it anywhere is pointless
	 */
	public InternetAddress recipient(OutboundMessage message) throws InvalidRecipientException {
		String address;
		try {
			address = EmailAddresses.parseBare(message.to()).getAddress();
		}
		catch (AddressException ex) {
			throw new InvalidRecipientException(message.to(), ex.getMessage());
		}
		return address(address, HeaderValues.sanitize(message.recipientName()));
	}

	/** The message as a plain, unconnected {@link MimeMessage}, for providers that take raw bytes. */
	public MimeMessage build(OutboundMessage message, InternetAddress recipient) throws MessagingException {
		return build(message, recipient, PLAIN_SESSION);
	}

	/**
	 * The message in {@code session}, e.g. a mail sender's, whose {@code mail.*} properties then apply. Its Message-ID
	 * survives {@link MimeMessage#saveChanges()}, which would otherwise replace it with a random one.
	 */
	public MimeMessage build(OutboundMessage message, InternetAddress recipient, Session session)
			throws MessagingException {
		String messageId = messageId(message.deliveryId());
		MimeMessage mime = new DeliveryMimeMessage(session, messageId);
		mime.setFrom(address(this.settings.fromAddress(), this.settings.fromName()));
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

	/** The message as it goes on the wire: RFC 5322 with CRLF line ends and 7-bit safe transfer encodings. */
	public static byte[] toBytes(MimeMessage message) throws MessagingException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			message.writeTo(bytes);
		}
		catch (IOException ex) {
			// Only the output stream could fail, and a byte array's does not.
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static InternetAddress address(String address, String displayName) {
		try {
			return new InternetAddress(address, displayName, UTF_8);
		}
		catch (UnsupportedEncodingException ex) {
			// UTF-8 is always supported.
			throw new IllegalStateException(ex);
		}
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

}
