package dev.herald.channels.sms.sns;

import java.util.Locale;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.OptedOutException;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.aws.AwsFailures;

/**
 * SNS's answers to a Publish to a phone number. SNS names the parameter it refuses ("Invalid parameter: PhoneNumber
 * Reason: …"): a refused number or message is final, refused message attributes come from the tenant's settings and
 * are the operator's to fix.
 */
final class SnsSmsFailures {

	private static final String SNS = "SNS";

	private SnsSmsFailures() {
	}

	static DeliveryResult classify(SdkException failure) {
		String provider = SnsSmsChannel.PROVIDER;
		if (!(failure instanceof AwsServiceException error)) {
			return AwsFailures.retry(provider, SNS, failure);
		}
		String description = AwsFailures.describe(error);
		if (error instanceof OptedOutException) {
			return new Rejected(provider, "the phone number opted out: " + description, Cause.OPTED_OUT);
		}
		if (error instanceof InvalidParameterException || error instanceof InvalidParameterValueException) {
			String message = AwsFailures.errorMessage(error).toLowerCase(Locale.ROOT);
			if (message.contains("opted out")) {
				return new Rejected(provider, "the phone number opted out: " + description, Cause.OPTED_OUT);
			}
			if (message.contains("messageattributes") || message.contains("sender")
					|| message.contains("origination")) {
				return AwsFailures.retryWithReason(provider,
						"SNS refused the SMS settings (" + description + "): check senderId, originationNumber "
								+ "and smsType",
						error);
			}
			if (message.contains("phonenumber") || message.contains("phone number")) {
				return new Rejected(provider, "SNS refused the phone number: " + description, Cause.INVALID_ADDRESS);
			}
			if (message.contains("message")) {
				return new Rejected(provider, "SNS refused the message: " + description, Cause.CONTENT);
			}
			return new Rejected(provider, "SNS refused the request: " + description, Cause.OTHER);
		}
		return AwsFailures.retry(provider, SNS, error);
	}

}
