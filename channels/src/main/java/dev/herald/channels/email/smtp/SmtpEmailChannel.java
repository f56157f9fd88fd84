package dev.herald.channels.email.smtp;

import java.util.Objects;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.email.EmailSettings;
import dev.herald.channels.email.InvalidRecipientException;
import dev.herald.channels.email.MimeMessages;

/**
 * Sends email through a {@link JavaMailSender}: Boot's, configured by {@code spring.mail.*}, or one the server builds.
 * The message is the one {@link MimeMessages} builds, as for every email provider.
 */
public final class SmtpEmailChannel implements Channel {

	static final String PROVIDER = "smtp";

	private static final Logger logger = LoggerFactory.getLogger(SmtpEmailChannel.class);

	private final JavaMailSender mailSender;

	private final MimeMessages messages;

	public SmtpEmailChannel(JavaMailSender mailSender, EmailSettings settings) {
		this.mailSender = Objects.requireNonNull(mailSender, "mailSender");
		this.messages = new MimeMessages(settings);
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
		return this.messages.settings();
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result = redacted(attempt(message));
		logger.debug("Delivery {} over SMTP: {}", message.deliveryId(), result);
		return result;
	}

	private DeliveryResult attempt(OutboundMessage message) {
		if (message.channel() != ChannelType.EMAIL) {
			return new Rejected(PROVIDER, "not an email message: channel " + message.channel().id(), Cause.OTHER);
		}
		InternetAddress recipient;
		try {
			recipient = this.messages.recipient(message);
		}
		catch (InvalidRecipientException ex) {
			return new Rejected(PROVIDER, ex.getMessage(), Cause.INVALID_ADDRESS);
		}
		return send(message, recipient);
	}

	private DeliveryResult send(OutboundMessage message, InternetAddress recipient) {
		MimeMessage mime;
		try {
			// Borrow the sender's session, so its mail.* properties apply to the message too.
			mime = this.messages.build(message, recipient, this.mailSender.createMimeMessage().getSession());
		}
		catch (MessagingException | RuntimeException ex) {
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
		return new Delivered(PROVIDER, this.messages.messageId(message.deliveryId()));
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
