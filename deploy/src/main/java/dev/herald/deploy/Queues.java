package dev.herald.deploy;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/** The settings every Herald queue shares: encrypted at rest, TLS only, messages kept as long as SQS allows. */
final class Queues {

	/** SQS's maximum: a dead letter waits for its replay as long as possible. */
	static final Duration RETENTION = Duration.days(14);

	private Queues() {
	}

	static Queue.Builder queue(Construct scope, String id) {
		return Queue.Builder.create(scope, id)
			.encryption(QueueEncryption.SQS_MANAGED)
			.enforceSsl(true)
			.retentionPeriod(RETENTION);
	}

	static Queue deadLetterQueue(Construct scope, String id) {
		return queue(scope, id).build();
	}

}
