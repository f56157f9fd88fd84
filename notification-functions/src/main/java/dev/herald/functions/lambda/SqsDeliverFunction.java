package dev.herald.functions.lambda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.functions.delivery.ClaimedDelivery;
import dev.herald.functions.delivery.DeliveryOutcome;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue.Acceptance;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue.Received;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code deliverSqs} function: claims each record's delivery by id, sends it through {@link DeliveryProcessor}
 * and answers with only the records that must come back in {@code batchItemFailures} (the event source mapping needs
 * {@code ReportBatchItemFailures}); Lambda deletes the others.
 *
 * <p>
 * Reported: records whose processing failed (database or queue away; they come back after the visibility timeout
 * and are claimed again), and poison records (a body that is not a delivery message, or names no delivery). Poison
 * is reported rather than acknowledged so that it is never dropped silently: after the queue's
 * {@code maxReceiveCount} it moves to the dead-letter queue, whose depth is alarmed on and whose messages can be
 * inspected, and replayed by {@link ReplayDeadLettersFunction}. Whatever a record holds, it never fails the others.
 */
public class SqsDeliverFunction implements Function<SQSEvent, SQSBatchResponse> {

	private static final Logger logger = LoggerFactory.getLogger(SqsDeliverFunction.class);

	private final SqsDeliveryQueue queue;

	private final DeliveryProcessor processor;

	public SqsDeliverFunction(SqsDeliveryQueue queue, DeliveryProcessor processor) {
		this.queue = queue;
		this.processor = processor;
	}

	@Override
	public SQSBatchResponse apply(SQSEvent event) {
		List<Received> messages = new ArrayList<>();
		for (SQSEvent.SQSMessage record : (event.getRecords() != null) ? event.getRecords() : List.<SQSEvent.SQSMessage>of()) {
			messages.add(new Received(record.getMessageId(), record.getBody()));
		}
		List<String> failed = new ArrayList<>();
		Map<String, Acceptance> accepted;
		try {
			accepted = this.queue.accept(messages);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not claim the deliveries of {} message(s); all will come back", messages.size(), ex);
			return response(messages.stream().map(Received::messageId).toList());
		}
		Map<UUID, String> claimed = new LinkedHashMap<>();
		List<ClaimedDelivery> batch = new ArrayList<>();
		accepted.forEach((messageId, acceptance) -> {
			switch (acceptance) {
				case Acceptance.Claimed(ClaimedDelivery delivery) -> {
					claimed.put(delivery.id(), messageId);
					batch.add(delivery);
				}
				case Acceptance.Done done -> {
				}
				case Acceptance.Poison poison -> failed.add(messageId);
				case Acceptance.Failed failure -> failed.add(messageId);
			}
		});
		try {
			this.processor.processEach(batch).forEach((deliveryId, outcome) -> {
				if (outcome == DeliveryOutcome.FAILED) {
					failed.add(claimed.get(deliveryId));
				}
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Could not process {} claimed deliveries; their messages will come back", batch.size(), ex);
			failed.addAll(claimed.values());
		}
		return response(failed);
	}

	private static SQSBatchResponse response(List<String> failedMessageIds) {
		return new SQSBatchResponse(failedMessageIds.stream().distinct().map(SQSBatchResponse.BatchItemFailure::new).toList());
	}

}
