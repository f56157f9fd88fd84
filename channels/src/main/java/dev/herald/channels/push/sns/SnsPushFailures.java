package dev.herald.channels.push.sns;

import java.util.Locale;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.model.EndpointDisabledException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PlatformApplicationDisabledException;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.aws.AwsFailures;

/**
 * SNS's answers to a Publish to a platform endpoint. A disabled or deleted endpoint is gone (SNS disables one when FCM
 * or APNs refuses its token), so Herald forgets the device; a disabled platform application (expired APNs certificate,
 * revoked FCM key) is the operator's to fix.
 */
final class SnsPushFailures {

	private static final String SNS = "SNS";

	private SnsPushFailures() {
	}

	static DeliveryResult classify(SdkException failure) {
		String provider = SnsPushChannel.PROVIDER;
		if (!(failure instanceof AwsServiceException error)) {
			return AwsFailures.retry(provider, SNS, failure);
		}
		String description = AwsFailures.describe(error);
		if (error instanceof EndpointDisabledException || error instanceof NotFoundException) {
			return new Rejected(provider, "the device's SNS endpoint is gone: " + description, Cause.ADDRESS_GONE);
		}
		if (error instanceof PlatformApplicationDisabledException) {
			return AwsFailures.retryWithReason(provider, "the SNS platform application is disabled (" + description
					+ "): renew its APNs certificate or FCM credentials", error);
		}
		if (error instanceof InvalidParameterException || error instanceof InvalidParameterValueException) {
			String message = AwsFailures.errorMessage(error).toLowerCase(Locale.ROOT);
			if (message.contains("targetarn")) {
				// "No endpoint found for the target arn specified": deleted since it was registered.
				boolean gone = message.contains("no endpoint found") || message.contains("does not exist");
				return new Rejected(provider, "SNS refused the endpoint: " + description,
						gone ? Cause.ADDRESS_GONE : Cause.INVALID_ADDRESS);
			}
			if (message.contains("message")) {
				return new Rejected(provider, "SNS refused the notification: " + description, Cause.CONTENT);
			}
			return new Rejected(provider, "SNS refused the request: " + description, Cause.OTHER);
		}
		return AwsFailures.retry(provider, SNS, error);
	}

}
