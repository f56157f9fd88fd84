package dev.herald.channels.email.ses;

import java.util.Locale;
import java.util.regex.Pattern;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.aws.AwsFailures;

/**
 * SES's answers to SendEmail. Final are only a refused message and a malformed address; an account or identity
 * problem (unverified identity or MAIL FROM domain, sandbox, suspended or paused sending, missing configuration set)
 * is the operator's to fix and every message would fail alike until then, so those are retried, and failover moves on.
 */
final class SesFailures {

	private static final String SES = "SES";

	// BadRequest messages about an address: "Illegal address", "Missing final '@domain'", "Domain contains illegal …"
	private static final Pattern ADDRESS_PROBLEM = Pattern.compile("address|domain|@|recipient|mailbox");

	private SesFailures() {
	}

	static DeliveryResult classify(SdkException failure) {
		String provider = SesEmailChannel.PROVIDER;
		if (!(failure instanceof AwsServiceException error)) {
			return AwsFailures.retry(provider, SES, failure);
		}
		String description = AwsFailures.describe(error);
		return switch (error) {
			case MessageRejectedException rejected when mentionsUnverifiedIdentity(rejected) ->
				AwsFailures.retryWithReason(provider, "SES refused an unverified identity (" + description
						+ "): verify the sender, or move the account out of the SES sandbox", error);
			case MessageRejectedException rejected ->
				new Rejected(provider, "SES refused the message: " + description, Cause.CONTENT);
			case BadRequestException bad when ADDRESS_PROBLEM.matcher(lower(bad)).find() ->
				new Rejected(provider, "SES refused the address: " + description, Cause.INVALID_ADDRESS);
			case BadRequestException bad ->
				new Rejected(provider, "SES refused the message: " + description, Cause.CONTENT);
			case MailFromDomainNotVerifiedException notVerified -> AwsFailures.retryWithReason(provider,
					"SES: the MAIL FROM domain is not verified (" + description + ")", error);
			case AccountSuspendedException suspended -> AwsFailures.retryWithReason(provider,
					"SES: the account is suspended from sending (" + description + ")", error);
			case SendingPausedException paused -> AwsFailures.retryWithReason(provider,
					"SES: sending is paused for the account or configuration set (" + description + ")", error);
			case NotFoundException notFound -> AwsFailures.retryWithReason(provider,
					"SES: something the configuration names does not exist, e.g. the configuration set ("
							+ description + ")",
					error);
			case LimitExceededException limit -> AwsFailures.retryWithReason(provider,
					"SES: a sending quota is used up (" + description + ")", error);
			default -> AwsFailures.retry(provider, SES, error);
		};
	}

	private static boolean mentionsUnverifiedIdentity(MessageRejectedException rejected) {
		// "Email address is not verified. The following identities failed the check in region …"
		return lower(rejected).contains("not verified");
	}

	private static String lower(AwsServiceException error) {
		return AwsFailures.errorMessage(error).toLowerCase(Locale.ROOT);
	}

}
