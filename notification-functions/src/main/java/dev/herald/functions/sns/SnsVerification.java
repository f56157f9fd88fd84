package dev.herald.functions.sns;

/** Whether an SNS message is proven to come from SNS. */
public sealed interface SnsVerification {

	record Verified(SnsMessage message) implements SnsVerification {
	}

	/** Not proven: the reason names the first check that failed, for the sender and the log. */
	record Rejected(String reason) implements SnsVerification {
	}

}
