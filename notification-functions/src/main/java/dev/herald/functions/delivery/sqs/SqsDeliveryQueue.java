package dev.herald.functions.delivery.sqs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.tenant.TenantId;
import dev.herald.functions.delivery.ClaimedDelivery;
import dev.herald.functions.delivery.DeliveryQueue;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue.ByIdClaim;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue.DeliveryRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Deliveries carried by an SQS queue. A message only names a delivery ({@link DeliveryMessage}); its row in
 * PostgreSQL stays the record of truth and is claimed by id with the same lease and claim token as
 * {@link PostgresDeliveryQueue}, so a message that arrives twice, early or late never causes a second send.
 *
 * <p>
 * What a received message leads to, by its delivery's row:
 * <ul>
 * <li>due: claimed for the caller;</li>
 * <li>delivered, dead-lettered or skipped, or named twice in one batch: acknowledged, nothing to do;</li>
 * <li>waiting for a later time, or leased by another worker: sent again with the remaining delay (SQS delays at most
 * 15 minutes, so longer backoffs hop) and the original acknowledged. A leased delivery is looked at again when its
 * lease ends because no poller would otherwise find one whose worker died;</li>
 * <li>not one of Herald's messages, or no such delivery: poison, never acknowledged, so the queue's redrive policy
 * moves it to the dead-letter queue, where it can be inspected.</li>
 * </ul>
 * Messages that reached the dead-letter queue for other reasons (the database away for a while) are brought back by
 * {@link #redrive}; deliveries whose message was lost altogether by {@link #requeue}.
 */
public class SqsDeliveryQueue implements DeliveryQueue {

	private static final Logger logger = LoggerFactory.getLogger(SqsDeliveryQueue.class);

	/** SQS's limits: messages per batch call, and the longest delay of a message. */
	static final int BATCH = 10;

	static final Duration MAX_DELAY = Duration.ofMinutes(15);

	private static final int SEND_ATTEMPTS = 3;

	private final SqsClient sqs;

	private final String queueUrl;

	private final PostgresDeliveryQueue rows;

	private final Duration lease;

	private final Duration waitTime;

	private final Clock clock;

	/** Receipt handles of messages whose deliveries this instance claimed through {@link #claim(int)}. */
	private final Map<UUID, Held> held = new ConcurrentHashMap<>();

	/**
	 * @param rows the deliveries table, to claim named deliveries
	 * @param lease how long a claimed delivery stays with its worker; claimed messages stay hidden as long
	 * @param waitTime how long {@link #claim(int)} waits for a message (long polling), at most 20 s
	 */
	public SqsDeliveryQueue(SqsClient sqs, String queueUrl, PostgresDeliveryQueue rows, Duration lease,
			Duration waitTime, Clock clock) {
		this.sqs = sqs;
		this.queueUrl = queueUrl;
		this.rows = rows;
		this.lease = lease;
		this.waitTime = waitTime;
		this.clock = clock;
	}

	@Override
	public void publish(List<NewDelivery> deliveries) {
		List<Outgoing> messages = deliveries.stream()
			.map((delivery) -> new Outgoing(delivery.id(), DeliveryMessage.body(delivery.tenantId(), delivery.id()), 0))
			.toList();
		send(messages);
	}

	@Override
	public void schedule(TenantId tenant, UUID deliveryId, Instant notBefore) {
		send(List.of(new Outgoing(deliveryId, DeliveryMessage.body(tenant, deliveryId), delaySeconds(notBefore))));
		// The message this instance claimed the delivery by has done its job: the new one carries it on.
		Held previous = this.held.remove(deliveryId);
		if (previous != null) {
			delete(List.of(previous.receiptHandle()));
		}
	}

	/**
	 * Two requests through the SDK's whole HTTP, signing and protocol stack that change nothing, so that SnapStart's
	 * snapshot holds that stack loaded (the first real send otherwise pays for it): a batch send without entries,
	 * which SQS refuses, and a read of the queue's approximate depth.
	 * @return the approximate number of visible messages
	 */
	public long prime() {
		try {
			this.sqs.sendMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(List.of()));
		}
		catch (EmptyBatchRequestException expected) {
			// what SQS answers to an empty batch: the request and its error went all the way
		}
		String depth = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(this.queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
		return (depth != null) ? Long.parseLong(depth) : 0;
	}

	/**
	 * Receives up to {@code max} messages (waiting up to the wait time for the first) and claims their deliveries.
	 * Messages are received hidden for the lease, and those of claimed deliveries are not deleted: if this worker dies before the outcome
	 * is recorded, the message comes back and the delivery is claimed again; once the delivery is rescheduled its old
	 * message is deleted, and once it is finished the message is deleted when it next shows up.
	 */
	@Override
	public List<ClaimedDelivery> claim(int max) {
		forgetExpired();
		List<Message> received = new ArrayList<>();
		while (received.size() < max) {
			int wait = received.isEmpty() ? (int) Math.min(20, this.waitTime.toSeconds()) : 0;
			List<Message> messages = this.sqs.receiveMessage((request) -> request.queueUrl(this.queueUrl)
				.maxNumberOfMessages(Math.min(BATCH, max - received.size()))
				.waitTimeSeconds(wait)
				.visibilityTimeout((int) Math.min(Duration.ofHours(12).toSeconds(), visibility().toSeconds())))
				.messages();
			received.addAll(messages);
			if (messages.size() < BATCH) {
				break;
			}
		}
		Map<String, Acceptance> accepted = accept(received.stream()
			.map((message) -> new Received(message.messageId(), message.body()))
			.toList());
		List<ClaimedDelivery> claimed = new ArrayList<>();
		List<String> done = new ArrayList<>();
		Instant now = this.clock.instant();
		for (Message message : received) {
			switch (accepted.get(message.messageId())) {
				case Acceptance.Claimed(ClaimedDelivery delivery) -> {
					claimed.add(delivery);
					this.held.put(delivery.id(), new Held(message.receiptHandle(), now.plus(visibility())));
				}
				case Acceptance.Done d -> done.add(message.receiptHandle());
				case Acceptance.Poison p -> {
				}
				case Acceptance.Failed f -> {
				}
			}
		}
		delete(done);
		return claimed;
	}

	/**
	 * Claims the deliveries these messages name and settles every message that needs no work, for callers that
	 * received the messages themselves (a Lambda SQS event source): they acknowledge {@link Acceptance.Claimed} once
	 * processed, and {@link Acceptance.Done} at once.
	 * @return what became of each message, by message id
	 * @throws RuntimeException when the deliveries could not be claimed (e.g. database away): nothing was claimed
	 */
	public Map<String, Acceptance> accept(List<Received> messages) {
		Map<String, Acceptance> results = new LinkedHashMap<>();
		Map<String, DeliveryRef> refs = new LinkedHashMap<>();
		for (Received message : messages) {
			Optional<DeliveryRef> ref = DeliveryMessage.parse(message.body());
			if (ref.isEmpty()) {
				results.put(message.messageId(), new Acceptance.Poison("the body is not a Herald delivery message"));
			}
			else {
				refs.put(message.messageId(), ref.get());
			}
		}
		Map<DeliveryRef, ByIdClaim> claims = this.rows.claim(refs.values());
		Set<DeliveryRef> handed = new HashSet<>();
		List<Outgoing> deferred = new ArrayList<>();
		List<String> deferredIds = new ArrayList<>();
		Instant now = this.clock.instant();
		refs.forEach((messageId, ref) -> {
			Acceptance acceptance = switch (claims.get(ref)) {
				case ByIdClaim.Claimed(ClaimedDelivery delivery) ->
					handed.add(ref) ? new Acceptance.Claimed(delivery) : new Acceptance.Done("a duplicate in this batch");
				case ByIdClaim.Settled(String state) -> new Acceptance.Done("already " + state);
				case ByIdClaim.Unknown u -> new Acceptance.Poison("no delivery " + ref.deliveryId() + " of tenant "
						+ ref.tenant().value());
				case ByIdClaim.NotDue(Instant at) -> defer(ref, at, now, deferred, deferredIds, messageId);
				case ByIdClaim.Leased(Instant until) -> defer(ref, until, now, deferred, deferredIds, messageId);
			};
			results.put(messageId, acceptance);
		});
		if (!deferred.isEmpty()) {
			try {
				send(deferred);
			}
			catch (RuntimeException ex) {
				// Not acknowledged: the originals come back after their visibility timeout and are looked at again.
				logger.warn("Could not send {} deferred delivery message(s) again; they will come back", deferred.size(),
						ex);
				deferredIds.forEach((id) -> results.put(id, new Acceptance.Failed(ex)));
			}
		}
		results.forEach((messageId, acceptance) -> {
			if (acceptance instanceof Acceptance.Poison(String reason)) {
				logger.warn("Delivery message {} is poison and goes to the dead-letter queue after its receives: {}",
						messageId, reason);
			}
		});
		return results;
	}

	/**
	 * Sends a message for each of these deliveries, to be handed out at once, through the same batching and retries
	 * as {@link #publish}. For deliveries that may have lost their message (taken from the dead-letter queue, or found
	 * stranded): one that also still has a message is only claimed once, so a duplicate costs nothing but a receive.
	 * @throws DeliveryQueueException when SQS refused some of them; others may have been sent
	 */
	public void requeue(Collection<DeliveryRef> deliveries) {
		send(deliveries.stream()
			.distinct()
			.map((ref) -> new Outgoing(ref.deliveryId(), DeliveryMessage.body(ref.tenant(), ref.deliveryId()), 0))
			.toList());
	}

	/**
	 * Decides what becomes of messages taken from this queue's dead-letter queue, and sends back those whose delivery
	 * still waits: {@link Redrive.Requeued} (sent again; delete the dead letter), {@link Redrive.Settled} (nothing
	 * left to do; delete it) or {@link Redrive.Poison} (not a delivery Herald knows; leave it where it is). Nothing is
	 * deleted here: the caller deletes only after this returned, so a crash in between leaves a harmless duplicate.
	 * @return what became of each message, by message id
	 * @throws RuntimeException when the deliveries could not be read or not all could be sent (database or SQS away):
	 * then no message of this call may be deleted
	 */
	public Map<String, Redrive> redrive(List<Received> messages) {
		Map<String, Redrive> results = new LinkedHashMap<>();
		Map<String, DeliveryRef> refs = new LinkedHashMap<>();
		for (Received message : messages) {
			Optional<DeliveryRef> ref = DeliveryMessage.parse(message.body());
			if (ref.isEmpty()) {
				results.put(message.messageId(), new Redrive.Poison("the body is not a Herald delivery message"));
			}
			else {
				refs.put(message.messageId(), ref.get());
			}
		}
		Map<DeliveryRef, DeliveryState> states = this.rows.states(refs.values());
		List<DeliveryRef> back = new ArrayList<>();
		refs.forEach((messageId, ref) -> {
			DeliveryState state = states.get(ref);
			if (state == null) {
				results.put(messageId, new Redrive.Poison(
						"no delivery " + ref.deliveryId() + " of tenant " + ref.tenant().value()));
			}
			else if (state.isFinal()) {
				results.put(messageId, new Redrive.Settled(state.id()));
			}
			else {
				back.add(ref);
				results.put(messageId, new Redrive.Requeued(ref));
			}
		});
		requeue(back);
		return results;
	}

	private Acceptance defer(DeliveryRef ref, Instant at, Instant now, List<Outgoing> deferred, List<String> ids,
			String messageId) {
		// At least a second: a row that is due by the time this runs (or whose claim is committing) is looked at again
		// shortly rather than at once in a loop.
		int delay = Math.max(1, delaySeconds(at, now));
		deferred.add(new Outgoing(ref.deliveryId(), DeliveryMessage.body(ref.tenant(), ref.deliveryId()), delay));
		ids.add(messageId);
		return new Acceptance.Done("deferred by " + delay + " s until " + at);
	}

	private int delaySeconds(Instant notBefore) {
		return delaySeconds(notBefore, this.clock.instant());
	}

	/** Whole seconds, rounded up so a message never arrives before its time, at most SQS's 15 minutes. */
	static int delaySeconds(Instant notBefore, Instant now) {
		long millis = Duration.between(now, notBefore).toMillis();
		if (millis <= 0) {
			return 0;
		}
		return (int) Math.min(MAX_DELAY.toSeconds(), (millis + 999) / 1000);
	}

	private Duration visibility() {
		return this.lease.plusSeconds(5);
	}

	/**
	 * Sends in batches of ten, retrying only the entries SQS refused; throws if some are still refused, so that the
	 * caller fails and its own at-least-once handling (a redelivered event, a message coming back) sends them again.
	 */
	private void send(List<Outgoing> messages) {
		for (int start = 0; start < messages.size(); start += BATCH) {
			List<Outgoing> chunk = messages.subList(start, Math.min(messages.size(), start + BATCH));
			Map<String, Outgoing> pending = new LinkedHashMap<>();
			for (int i = 0; i < chunk.size(); i++) {
				pending.put("m" + i, chunk.get(i));
			}
			List<BatchResultErrorEntry> failures = List.of();
			for (int attempt = 1; attempt <= SEND_ATTEMPTS && !pending.isEmpty(); attempt++) {
				if (attempt > 1) {
					pause(Duration.ofMillis(100L << attempt));
				}
				List<SendMessageBatchRequestEntry> entries = pending.entrySet()
					.stream()
					.map((entry) -> SendMessageBatchRequestEntry.builder()
						.id(entry.getKey())
						.messageBody(entry.getValue().body())
						.delaySeconds(entry.getValue().delaySeconds())
						.build())
					.toList();
				SendMessageBatchResponse response = this.sqs
					.sendMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(entries));
				response.successful().forEach((ok) -> pending.remove(ok.id()));
				failures = response.failed();
			}
			if (!pending.isEmpty()) {
				throw new DeliveryQueueException("SQS refused " + pending.size() + " delivery message(s) after "
						+ SEND_ATTEMPTS + " attempts: " + failures.stream()
							.map((failure) -> pending.get(failure.id()).deliveryId() + " (" + failure.code() + ": "
									+ failure.message() + ")")
							.toList());
			}
		}
	}

	private void delete(List<String> receiptHandles) {
		for (int start = 0; start < receiptHandles.size(); start += BATCH) {
			List<String> chunk = receiptHandles.subList(start, Math.min(receiptHandles.size(), start + BATCH));
			List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < chunk.size(); i++) {
				entries.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(chunk.get(i)).build());
			}
			try {
				var response = this.sqs.deleteMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(entries));
				if (response.hasFailed() && !response.failed().isEmpty()) {
					logger.info("{} delivery message(s) could not be deleted; they will come back and be settled then",
							response.failed().size());
				}
			}
			catch (SdkException ex) {
				// Harmless: a message that comes back finds its delivery finished, or deferred, and is settled then.
				logger.info("Delivery messages could not be deleted; they will come back and be settled then", ex);
			}
		}
	}

	/** Drops receipt handles whose messages have become visible again anyway. */
	private void forgetExpired() {
		Instant now = this.clock.instant();
		this.held.values().removeIf((held) -> held.visibleAgainAt().isBefore(now));
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeliveryQueueException("interrupted while sending delivery messages");
		}
	}

	/** A message as received: its id and body. */
	public record Received(String messageId, String body) {
	}

	/** What became of one received message. */
	public sealed interface Acceptance {

		/** Its delivery is claimed for the caller: acknowledge the message once the delivery is processed. */
		record Claimed(ClaimedDelivery delivery) implements Acceptance {
		}

		/** Nothing (more) to do: acknowledge the message. */
		record Done(String why) implements Acceptance {
		}

		/** Not a delivery Herald knows: leave it to the queue's redrive policy and dead-letter queue. */
		record Poison(String reason) implements Acceptance {
		}

		/** Could not be handled now: leave it to come back. */
		record Failed(Exception cause) implements Acceptance {
		}

	}

	/** What became of one message taken from the dead-letter queue. */
	public sealed interface Redrive {

		/** Its delivery still waits and was sent to the queue again: delete the dead letter. */
		record Requeued(DeliveryRef delivery) implements Redrive {
		}

		/** Its delivery was delivered, dead-lettered or skipped meanwhile: delete the dead letter. */
		record Settled(String state) implements Redrive {
		}

		/** Not a delivery Herald knows: leave it in the dead-letter queue for someone to look at. */
		record Poison(String reason) implements Redrive {
		}

	}

	private record Outgoing(UUID deliveryId, String body, int delaySeconds) {
	}

	private record Held(String receiptHandle, Instant visibleAgainAt) {
	}

}
