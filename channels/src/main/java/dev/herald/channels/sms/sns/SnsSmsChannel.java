package dev.herald.channels.sms.sns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.aws.AwsAccess;

/** Publishes the text body to the recipient's phone number; the delivered id is SNS's MessageId. */
final class SnsSmsChannel implements Channel, AutoCloseable {

	static final String PROVIDER = SnsSmsChannelProvider.ID;

	private static final Logger logger = LoggerFactory.getLogger(SnsSmsChannel.class);

	private final SnsClient client;

	private final AwsAccess access;

	private final SmsAttributes attributes;

	SnsSmsChannel(SnsClient client, AwsAccess access, SmsAttributes attributes) {
		this.client = client;
		this.access = access;
		this.attributes = attributes;
	}

	@Override
	public ChannelType type() {
		return ChannelType.SMS;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result = this.access.redact(attempt(message));
		logger.debug("Delivery {} over SNS SMS: {}", message.deliveryId(), result);
		return result;
	}

	private DeliveryResult attempt(OutboundMessage message) {
		if (message.channel() != ChannelType.SMS) {
			return new Rejected(PROVIDER, "not an SMS message: channel " + message.channel().id(), Cause.OTHER);
		}
		if (!SnsSmsChannelProvider.E164.matcher(message.to()).matches()) {
			return new Rejected(PROVIDER, "not a phone number in E.164 format: \"" + printable(message.to()) + "\"",
					Cause.INVALID_ADDRESS);
		}
		if (message.textBody() == null || message.textBody().isBlank()) {
			return new Rejected(PROVIDER, "the SMS has no text", Cause.CONTENT);
		}
		PublishRequest request = PublishRequest.builder()
			.phoneNumber(message.to())
			.message(message.textBody())
			.messageAttributes(this.attributes.toMessageAttributes())
			.build();
		try {
			return new Delivered(PROVIDER, this.client.publish(request).messageId());
		}
		catch (SdkException ex) {
			return SnsSmsFailures.classify(ex);
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure sending delivery {} through SNS", message.deliveryId(), ex);
			return new RetryLater(PROVIDER, "unexpected " + ex.getClass().getName() + ": " + ex.getMessage(), null);
		}
	}

	private static String printable(String text) {
		return text.replaceAll("\\p{Cntrl}", "?");
	}

	@Override
	public void close() {
		this.client.close();
	}

	@Override
	public String toString() {
		return "SnsSmsChannel[" + this.access + ", " + this.attributes + "]";
	}

}
