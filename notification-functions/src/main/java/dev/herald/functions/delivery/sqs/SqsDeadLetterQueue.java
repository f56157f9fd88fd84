package dev.herald.functions.delivery.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * The delivery queue's dead-letter queue, read by the replay: messages are received hidden for as long as the replay
 * may run, deleted once dealt with, and made visible again when they are to stay.
 */
public class SqsDeadLetterQueue {

	private static final Logger logger = LoggerFactory.getLogger(SqsDeadLetterQueue.class);

	/** SQS's longest visibility timeout. */
	private static final Duration MAX_HIDDEN = Duration.ofHours(12);

	private final SqsClient sqs;

	private final String queueUrl;

	public SqsDeadLetterQueue(SqsClient sqs, String queueUrl) {
		this.sqs = sqs;
		this.queueUrl = queueUrl;
	}

	/**
	 * Up to {@code max} (at most ten) messages, each hidden from other receives for {@code hideFor}.
	 * @param wait how long to wait for a first message; a second or more asks every SQS server rather than a sample
	 * (short polling can answer "none" while messages wait)
	 */
	public List<DeadLetter> receive(int max, Duration hideFor, Duration wait) {
		long hidden = Math.clamp(hideFor.toSeconds(), 1, MAX_HIDDEN.toSeconds());
		return this.sqs
			.receiveMessage((request) -> request.queueUrl(this.queueUrl)
				.maxNumberOfMessages(Math.clamp(max, 1, SqsDeliveryQueue.BATCH))
				.visibilityTimeout((int) hidden)
				.waitTimeSeconds((int) Math.clamp(wait.toSeconds(), 0, 20)))
			.messages()
			.stream()
			.map((message) -> new DeadLetter(message.messageId(), message.receiptHandle(), message.body()))
			.toList();
	}

	/**
	 * Deletes the messages; one that cannot be deleted comes back later and is found settled or sent back once more,
	 * which its delivery's claim makes harmless.
	 * @return how many could not be deleted
	 */
	public int delete(List<DeadLetter> messages) {
		int failed = 0;
		for (List<DeadLetter> chunk : chunks(messages)) {
			List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < chunk.size(); i++) {
				entries.add(DeleteMessageBatchRequestEntry.builder()
					.id("d" + i)
					.receiptHandle(chunk.get(i).receiptHandle())
					.build());
			}
			try {
				failed += this.sqs.deleteMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(entries))
					.failed()
					.size();
			}
			catch (SdkException ex) {
				logger.warn("Could not delete {} dead letter(s); they stay and are looked at again by the next replay",
						chunk.size(), ex);
				failed += chunk.size();
			}
		}
		return failed;
	}

	/**
	 * Makes the messages visible again at once, for inspection and the next replay. Best effort: a message that stays
	 * hidden becomes visible anyway when its visibility timeout ends.
	 */
	public void reveal(List<DeadLetter> messages) {
		for (List<DeadLetter> chunk : chunks(messages)) {
			List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < chunk.size(); i++) {
				entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
					.id("v" + i)
					.receiptHandle(chunk.get(i).receiptHandle())
					.visibilityTimeout(0)
					.build());
			}
			try {
				this.sqs.changeMessageVisibilityBatch((request) -> request.queueUrl(this.queueUrl).entries(entries));
			}
			catch (SdkException ex) {
				logger.info("Could not make {} dead letter(s) visible again; they will be when their timeout ends",
						chunk.size(), ex);
			}
		}
	}

	private static List<List<DeadLetter>> chunks(List<DeadLetter> messages) {
		List<List<DeadLetter>> chunks = new ArrayList<>();
		for (int start = 0; start < messages.size(); start += SqsDeliveryQueue.BATCH) {
			chunks.add(messages.subList(start, Math.min(messages.size(), start + SqsDeliveryQueue.BATCH)));
		}
		return chunks;
	}

	/** A message as received from the dead-letter queue. */
	public record DeadLetter(String messageId, String receiptHandle, String body) {
	}

}
