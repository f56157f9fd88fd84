package dev.herald.channels.push.sns;

import java.util.regex.Pattern;

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
import dev.herald.channels.PushTarget;
import dev.herald.channels.aws.AwsAccess;

/**
 * Publishes a notification to one SNS platform endpoint, the device's token. SNS hands it to FCM or APNs
 * asynchronously, so Delivered means SNS accepted it; a device SNS has disabled (its token was refused by the platform)
 * is gone.
 */
final class SnsPushChannel implements Channel, AutoCloseable {

	static final String PROVIDER = SnsPushChannelProvider.ID;

	// arn:aws:sns:eu-west-1:123456789012:endpoint/GCM/my-app/5e3e9847-3183-3f18-a7e8-671c3a57d4b3
	private static final Pattern ENDPOINT_ARN = Pattern
		.compile("arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\\d{12}:endpoint/[A-Za-z_]+/[^/\\s]+/[^/\\s]+");

	private static final Logger logger = LoggerFactory.getLogger(SnsPushChannel.class);

	private final SnsClient client;

	private final AwsAccess access;

	private final PushPayloads payloads;

	SnsPushChannel(SnsClient client, AwsAccess access, PushPayloads payloads) {
		this.client = client;
		this.access = access;
		this.payloads = payloads;
	}

	@Override
	public ChannelType type() {
		return ChannelType.PUSH;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	/** Only devices registered through SNS: their token is a platform endpoint ARN. */
	@Override
	public boolean supports(OutboundMessage message) {
		return message.isPushTo(PushTarget.SNS);
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result = this.access.redact(attempt(message));
		logger.debug("Delivery {} over SNS push: {}", message.deliveryId(), result);
		return result;
	}

	private DeliveryResult attempt(OutboundMessage message) {
		if (!supports(message)) {
			return new Rejected(PROVIDER, "not a push message to an SNS platform endpoint", Cause.OTHER);
		}
		String endpointArn = message.device().token();
		if (!ENDPOINT_ARN.matcher(endpointArn).matches()) {
			return new Rejected(PROVIDER, "not an SNS platform endpoint ARN: \""
					+ endpointArn.replaceAll("\\p{Cntrl}", "?") + "\"", Cause.INVALID_ADDRESS);
		}
		if (message.subject() == null && message.textBody() == null) {
			return new Rejected(PROVIDER, "the notification has neither title nor body", Cause.CONTENT);
		}
		PublishRequest request;
		try {
			request = PublishRequest.builder()
				.targetArn(endpointArn)
				.messageStructure("json")
				.message(this.payloads.message(message))
				.build();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not build the notification for delivery {}", message.deliveryId(), ex);
			return new RetryLater(PROVIDER, "unexpected " + ex.getClass().getName() + ": " + ex.getMessage(), null);
		}
		try {
			return new Delivered(PROVIDER, this.client.publish(request).messageId());
		}
		catch (SdkException ex) {
			return SnsPushFailures.classify(ex);
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure sending delivery {} through SNS", message.deliveryId(), ex);
			return new RetryLater(PROVIDER, "unexpected " + ex.getClass().getName() + ": " + ex.getMessage(), null);
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

	@Override
	public String toString() {
		return "SnsPushChannel[" + this.access + "]";
	}

}
