package dev.herald.channels.aws;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import dev.herald.channels.DeliveryResult.RetryLater;

/**
 * What every AWS service answers alike. Providers first pick out the errors of their own service that are final (a bad
 * address, a gone device, refused content); everything else an AWS call can fail with is worth retrying, here or
 * through another provider: throttling, 5xx, timeouts, connection failures, and refused credentials or permissions,
 * which the operator fixes.
 */
public final class AwsFailures {

	// Error codes for keys AWS does not know, signatures that do not match, and missing permissions.
	private static final Set<String> CREDENTIAL_ERRORS = Set.of("AccessDenied", "AccessDeniedException", "AuthFailure",
			"AuthorizationError", "ExpiredToken", "ExpiredTokenException", "IncompleteSignature",
			"IncompleteSignatureException", "InvalidAccessKeyId", "InvalidClientTokenId", "InvalidSecurity",
			"InvalidSignatureException", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
			"OptInRequired", "RequestExpired", "SignatureDoesNotMatch", "UnrecognizedClientException");

	private static final int MAX_REASON = 1000;

	private AwsFailures() {
	}

	/**
	 * A retry for a failure that says nothing final about the message.
	 * @param service the service's name in reasons, e.g. {@code SES}
	 */
	public static RetryLater retry(String provider, String service, SdkException failure) {
		if (failure instanceof AwsServiceException error) {
			if (error.isThrottlingException()) {
				return retryWithReason(provider, service + " throttled the request (" + describe(error) + ")", error);
			}
			if (isCredentialError(error)) {
				return retryWithReason(provider, "AWS credentials refused by " + service + " (" + describe(error)
						+ "): check the access key id, the secret access key and the key's IAM permissions", error);
			}
			if (error.statusCode() >= 500) {
				return retryWithReason(provider, service + " failed (" + describe(error) + ")", error);
			}
			return retryWithReason(provider, service + " refused the request (" + describe(error) + ")", error);
		}
		if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
			return new RetryLater(provider, service + " did not answer in time: " + oneLine(failure.getMessage()),
					null);
		}
		if (failure instanceof SdkClientException && failure.getMessage() != null
				&& failure.getMessage().startsWith("Unable to load credentials")) {
			return new RetryLater(provider, "no AWS credentials: the configuration has no access key, and the "
					+ "default credentials chain found none: " + oneLine(failure.getMessage()), null);
		}
		if (failure instanceof SdkClientException) {
			return new RetryLater(provider, service + " unreachable: " + oneLine(failure.getMessage()), null);
		}
		return new RetryLater(provider, "unexpected " + failure.getClass().getName() + ": "
				+ oneLine(failure.getMessage()), null);
	}

	/** A retry with a reason of the provider's own, and the service's Retry-After if it sent one. */
	public static RetryLater retryWithReason(String provider, String reason, AwsServiceException error) {
		return new RetryLater(provider, cap(reason), retryAfter(error));
	}

	public static boolean isCredentialError(AwsServiceException error) {
		return error.statusCode() == 401 || error.statusCode() == 403 || CREDENTIAL_ERRORS.contains(errorCode(error));
	}

	/** The service's error code, e.g. {@code InvalidParameter}; empty if it sent none. */
	public static String errorCode(AwsServiceException error) {
		AwsErrorDetails details = error.awsErrorDetails();
		return (details != null && details.errorCode() != null) ? details.errorCode() : "";
	}

	/** The service's own error message, without the SDK's additions (service name, status, request id). */
	public static String errorMessage(AwsServiceException error) {
		AwsErrorDetails details = error.awsErrorDetails();
		return oneLine((details != null && details.errorMessage() != null) ? details.errorMessage() : "");
	}

	/** {@code 400 InvalidParameter: the message (request id …)}: what an operator needs to look it up. */
	public static String describe(AwsServiceException error) {
		StringBuilder description = new StringBuilder().append(error.statusCode());
		String code = errorCode(error);
		if (!code.isEmpty()) {
			description.append(' ').append(code);
		}
		String message = errorMessage(error);
		if (!message.isEmpty()) {
			description.append(": ").append(message);
		}
		if (error.requestId() != null) {
			description.append(" (request id ").append(error.requestId()).append(')');
		}
		return description.toString();
	}

	/** The service's Retry-After: seconds or an HTTP date; {@code null} without one, so Herald's backoff applies. */
	public static Duration retryAfter(AwsServiceException error) {
		AwsErrorDetails details = error.awsErrorDetails();
		if (details == null || details.sdkHttpResponse() == null) {
			return null;
		}
		return details.sdkHttpResponse().firstMatchingHeader("Retry-After").map(AwsFailures::parseRetryAfter)
			.orElse(null);
	}

	static Duration parseRetryAfter(String value) {
		String trimmed = value.strip();
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
		}
		catch (NumberFormatException ex) {
			// Not seconds: an HTTP date, or nothing usable.
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration wait = Duration.between(Instant.now(), at);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	public static String oneLine(String text) {
		return (text != null) ? cap(text.strip().replaceAll("\\s+", " ")) : "";
	}

	private static String cap(String text) {
		return (text.length() <= MAX_REASON) ? text : text.substring(0, MAX_REASON) + "…";
	}

}
