package dev.herald.console.sns;

import dev.herald.functions.ingest.IngestResult;

/** What Herald did with one request to the SNS endpoint. */
sealed interface SnsOutcome {

	/** The subscription was confirmed at SNS. */
	record Confirmed(String messageId, String topicArn, String subscriptionArn) implements SnsOutcome {
	}

	/** SNS could not be reached to confirm; recorded as pending with the reason. */
	record ConfirmationFailed(String messageId, String topicArn, String reason) implements SnsOutcome {
	}

	/** An UnsubscribeConfirmation, recorded for the tenant; nothing was fetched. */
	record UnsubscribeRecorded(String messageId, String topicArn) implements SnsOutcome {
	}

	/** A notification's message, ingested like an API event. */
	record Ingested(String messageId, IngestResult result) implements SnsOutcome {
	}

	/** This tenant already handled an SNS message with this id: nothing new was done. */
	/** An SES event publishing record, applied to the status of the delivery it names. */
	record StatusApplied(String messageId, dev.herald.functions.status.StatusReport report) implements SnsOutcome {
	}

	record AlreadySeen(String messageId) implements SnsOutcome {
	}

	/**
	 * Refused, with an HTTP status: 400 not an SNS message, 401 raw delivery without credentials, 403 not proven to
	 * be the tenant's SNS traffic.
	 */
	record Refused(int status, String reason) implements SnsOutcome {
	}

}
