package dev.herald.channels.email.ses;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.aws.AwsAccess;
import dev.herald.channels.email.EmailSettings;
import dev.herald.channels.email.InvalidRecipientException;
import dev.herald.channels.email.MimeMessages;

/**
 * Sends the message {@link MimeMessages} builds, byte for byte what SMTP would send, as SES raw content. SES replaces
 * the Message-ID with its own, so {@value MimeMessages#DELIVERY_ID_HEADER} is what identifies a delivery there; the
 * delivery id is also an SES message tag, for event publishing through a configuration set.
 */
final class SesEmailChannel implements Channel, AutoCloseable {

	static final String PROVIDER = SesChannelProvider.ID;

	static final String DELIVERY_TAG = "herald-delivery-id";

	private static final Logger logger = LoggerFactory.getLogger(SesEmailChannel.class);

	private final SesV2Client client;

	private final AwsAccess access;

	private final MimeMessages messages;

	private final String configurationSet;

	SesEmailChannel(SesV2Client client, AwsAccess access, EmailSettings settings, String configurationSet) {
		this.client = client;
		this.access = access;
		this.messages = new MimeMessages(settings);
		this.configurationSet = configurationSet;
	}

	@Override
	public ChannelType type() {
		return ChannelType.EMAIL;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result = this.access.redact(attempt(message));
		logger.debug("Delivery {} over SES: {}", message.deliveryId(), result);
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
		SendEmailRequest request;
		try {
			request = request(message, recipient);
		}
		catch (MessagingException | RuntimeException ex) {
			logger.warn("Could not build the email for delivery {}", message.deliveryId(), ex);
			return new RetryLater(PROVIDER, "unexpected " + ex.getClass().getName() + ": " + ex.getMessage(), null);
		}
		try {
			return new Delivered(PROVIDER, this.client.sendEmail(request).messageId());
		}
		catch (SdkException ex) {
			return SesFailures.classify(ex);
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure sending delivery {} through SES", message.deliveryId(), ex);
			return new RetryLater(PROVIDER, "unexpected " + ex.getClass().getName() + ": " + ex.getMessage(), null);
		}
	}

	private SendEmailRequest request(OutboundMessage message, InternetAddress recipient) throws MessagingException {
		byte[] raw = MimeMessages.toBytes(this.messages.build(message, recipient));
		// The envelope names the one recipient explicitly instead of leaving SES to read it from the headers.
		return SendEmailRequest.builder()
			.fromEmailAddress(this.messages.settings().fromAddress())
			.destination((destination) -> destination.toAddresses(recipient.getAddress()))
			.content((content) -> content.raw((rawMessage) -> rawMessage.data(SdkBytes.fromByteArray(raw))))
			.configurationSetName(this.configurationSet)
			.emailTags((tag) -> tag.name(DELIVERY_TAG).value(message.deliveryId().toString()))
			.build();
	}

	@Override
	public void close() {
		this.client.close();
	}

	@Override
	public String toString() {
		return "SesEmailChannel[" + this.access + ", from=" + this.messages.settings().fromAddress()
				+ ", configurationSet=" + this.configurationSet + "]";
	}

}
