package dev.herald.deploy;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import dev.herald.deploy.HeraldSettings.DeliverySettings;
import dev.herald.deploy.HeraldSettings.FunctionSettings;

/**
 * The queue carrying deliveries from ingest to deliver, and its dead-letter queue for messages received too often.
 */
final class DeliveryQueue extends Construct {

	/**
	 * AWS's advice for queues feeding Lambda: a visibility timeout of six times the function's timeout (plus the
	 * batching window), so a message is not handed out again while a throttled or retried invocation still holds it.
	 */
	static final int VISIBILITY_TIMEOUT_FACTOR = 6;

	private final Queue queue;

	private final Queue deadLetterQueue;

	DeliveryQueue(Construct scope, String id, DeliverySettings settings, FunctionSettings deliver) {
		super(scope, id);
		this.deadLetterQueue = Queues.deadLetterQueue(this, "DeadLetters");
		long visibility = VISIBILITY_TIMEOUT_FACTOR * deliver.timeout().toSeconds()
				+ settings.maxBatchingWindow().toSeconds();
		this.queue = Queues.queue(this, "Queue")
			.visibilityTimeout(Duration.seconds(visibility))
			.deadLetterQueue(DeadLetterQueue.builder()
				.queue(this.deadLetterQueue)
				.maxReceiveCount(settings.maxReceiveCount())
				.build())
			.build();
	}

	Queue queue() {
		return this.queue;
	}

	Queue deadLetterQueue() {
		return this.deadLetterQueue;
	}

}
