package dev.herald.functions.delivery.sqs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.channels.DeliveryResult;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.ClaimedDelivery;
import dev.herald.functions.delivery.DeliveryBatchReport;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.LocalSqs;
import dev.herald.functions.support.ScriptedEmail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The SQS queue against a real SQS protocol server (embedded ElasticMQ) and the real database. */
class SqsDeliveryQueueIntegrationTests {

	private static final Backoff TWO_SECONDS = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10), 0.0);

	private final Fixtures fixtures = new Fixtures();

	private final LocalSqs.Client client = LocalSqs.shared().client();

	private final String queueUrl = LocalSqs.shared().newQueue(this.client.sqs);

	private final SqsDeliveryQueue queue = new SqsDeliveryQueue(this.client.sqs, this.queueUrl,
			this.fixtures.queue(Duration.ofSeconds(20)), Duration.ofSeconds(20), Duration.ofMillis(0),
			Clock.systemUTC());

	private final ScriptedEmail email = new ScriptedEmail();

	private DeliveryProcessor processor;

	private Tenant tenant;

	@BeforeEach
	void tenantWithAnOrderEmail() {
		this.tenant = this.fixtures.tenant();
		this.fixtures.emailTemplate(this.tenant, "order-placed", "order.placed", "en", "Order {{ data.orderNumber }}",
				null, "Hello {{ customer.name }}");
		this.fixtures.subscribe(this.tenant, "order.placed", "order-placed", List.of("email"));
		this.processor = this.fixtures.processor(List.of(this.email), List.of(), TWO_SECONDS, this.queue);
	}

	@AfterEach
	void close() {
		this.processor.close();
		this.client.close();
	}

	@Test
	void anIngestedEventsDeliveriesArePublishedClaimedAndDelivered() {
		String eventId = ingest();

		List<ClaimedDelivery> claimed = this.queue.claim(10);
		DeliveryBatchReport report = this.processor.process(claimed);

		assertThat(claimed).singleElement().satisfies((delivery) -> assertThat(delivery.claim().attempt()).isOne());
		assertThat(report.delivered()).isOne();
		assertThat(only(eventId).state()).isEqualTo(DeliveryState.DELIVERED);
		assertThat(this.email.sent).hasSize(1);
		assertThat(this.client.requests(SendMessageBatchRequest.class)).singleElement()
			.satisfies((request) -> assertThat(request.entries()).singleElement()
				.satisfies((entry) -> assertThat(entry.messageBody()).isEqualTo("{\"deliveryId\":\"" + claimed.getFirst().id()
						+ "\",\"tenantId\":\"" + this.tenant.id().value() + "\"}")));
	}

	@Test
	void primingForASnapshotReadsTheQueueAndSendsNothing() {
		String eventId = ingest();

		long depth = this.queue.prime();

		assertThat(depth).isOne();
		assertThat(this.client.requests(SendMessageBatchRequest.class)).as("the ingest's, then priming's empty batch")
			.extracting((request) -> request.entries().size())
			.containsExactly(1, 0);
		assertThat(visibleMessages()).isOne();
		assertThat(this.queue.claim(10)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.id()).isEqualTo(only(eventId).id()));
	}

	@Test
	void duplicateMessagesForOneDeliveryProduceOneSend() {
		String eventId = ingest();
		UUID eventRef = this.fixtures.events.findByEventId(this.tenant.id(), eventId).orElseThrow().id();
		NewDelivery again = this.fixtures.deliveries.unclaimed(this.tenant.id(), eventRef).getFirst();
		this.queue.publish(List.of(again));
		this.queue.publish(List.of(again));

		this.processor.process(this.queue.claim(10));
		this.queue.publish(List.of(again));
		List<ClaimedDelivery> late = this.queue.claim(10);

		assertThat(late).as("a message for a delivered delivery is only acknowledged").isEmpty();
		assertThat(this.email.sent).hasSize(1);
		assertThat(only(eventId).attempts()).isOne();
		assertThat(visibleMessages()).as("every duplicate was deleted").isZero();
	}

	@Test
	void aRetryComesBackAfterItsDelay() throws Exception {
		this.email.answer((message) -> (this.email.sent.size() == 1)
				? new DeliveryResult.RetryLater("scripted", "421 try again later", null)
				: new DeliveryResult.Delivered("scripted", "ok"));
		String eventId = ingest();

		this.processor.process(this.queue.claim(10));
		Instant retried = Instant.now();
		assertThat(only(eventId).state()).isEqualTo(DeliveryState.RETRYING);
		assertThat(this.queue.claim(10)).as("not before its delay").isEmpty();
		List<ClaimedDelivery> back = awaitClaim(Duration.ofSeconds(10));

		assertThat(Duration.between(retried, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		assertThat(back).singleElement().satisfies((delivery) -> assertThat(delivery.claim().attempt()).isEqualTo(2));
		this.processor.process(back);
		assertThat(only(eventId).state()).isEqualTo(DeliveryState.DELIVERED);
		assertThat(this.client.requests(SendMessageBatchRequest.class)).last()
			.satisfies((request) -> assertThat(request.entries().getFirst().delaySeconds()).isEqualTo(2));
	}

	@Test
	void aMessageArrivingBeforeItsDeliveryIsDueIsSentAgainWithTheRemainingDelay() {
		String eventId = ingest();
		this.fixtures.jdbc.sql("update deliveries set next_attempt_at = now() + interval '2 seconds' where tenant_id = :t")
			.param("t", this.tenant.id().value())
			.update();

		assertThat(this.queue.claim(10)).isEmpty();
		List<ClaimedDelivery> due = awaitClaim(Duration.ofSeconds(10));

		assertThat(due).singleElement().satisfies((delivery) -> assertThat(delivery.id()).isEqualTo(only(eventId).id()));
		assertThat(this.client.requests(SendMessageBatchRequest.class)).last()
			.satisfies((request) -> assertThat(request.entries().getFirst().delaySeconds()).isBetween(1, 2));
	}

	@Test
	void moreThanTenDeliveriesAreSentInBatchesOfTen() {
		List<NewDelivery> deliveries = newDeliveries(23);

		this.queue.publish(deliveries);

		assertThat(this.client.requests(SendMessageBatchRequest.class)).extracting((request) -> request.entries().size())
			.containsExactly(10, 10, 3);
		List<UUID> claimed = new ArrayList<>();
		for (int i = 0; i < 5 && claimed.size() < 23; i++) {
			this.queue.claim(50).forEach((delivery) -> claimed.add(delivery.id()));
		}
		assertThat(claimed).containsExactlyInAnyOrderElementsOf(deliveries.stream().map(NewDelivery::id).toList());
	}

	@Test
	void onlyTheEntriesSqsRefusedAreSentAgain() {
		List<NewDelivery> deliveries = newDeliveries(4);
		refuseTheThirdEntryOfTheFirstBatch();

		this.queue.publish(deliveries);

		List<SendMessageBatchRequest> requests = this.client.requests(SendMessageBatchRequest.class);
		assertThat(requests).hasSize(2);
		assertThat(requests.get(1).entries()).singleElement()
			.extracting(SendMessageBatchRequestEntry::messageBody)
			.isEqualTo(requests.get(0).entries().get(2).messageBody());
	}

	@Test
	void requeueingSendsEachDeliveryOnceDueNowInTheSameBatchesWithTheSameRetries() {
		List<PostgresDeliveryQueue.DeliveryRef> refs = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			refs.add(new PostgresDeliveryQueue.DeliveryRef(this.tenant.id(), UUID.randomUUID()));
		}
		refs.add(refs.getFirst());
		refuseTheThirdEntryOfTheFirstBatch();

		this.queue.requeue(refs);

		List<SendMessageBatchRequest> requests = this.client.requests(SendMessageBatchRequest.class);
		assertThat(requests).extracting((request) -> request.entries().size()).containsExactly(10, 1, 1);
		assertThat(requests.get(1).entries().getFirst().messageBody())
			.isEqualTo(requests.get(0).entries().get(2).messageBody());
		assertThat(requests).flatExtracting(SendMessageBatchRequest::entries)
			.allSatisfy((entry) -> assertThat(entry.delaySeconds()).isZero());
		assertThat(requests).flatExtracting(SendMessageBatchRequest::entries)
			.extracting(SendMessageBatchRequestEntry::messageBody)
			.containsAll(refs.stream().map((ref) -> DeliveryMessage.body(ref.tenant(), ref.deliveryId())).toList());
	}

	@Test
	void entriesSqsKeepsRefusingFailThePublishNamingTheirDeliveries() {
		List<NewDelivery> deliveries = newDeliveries(3);
		this.client.answers((response) -> (response instanceof SendMessageBatchResponse batch) ? batch.toBuilder()
			.successful(batch.successful().subList(1, batch.successful().size()))
			.failed(BatchResultErrorEntry.builder().id(batch.successful().getFirst().id()).code("KmsThrottled")
				.senderFault(false).message("slow down").build())
			.build() : response);

		assertThatExceptionOfType(DeliveryQueueException.class).isThrownBy(() -> this.queue.publish(deliveries))
			.withMessageContaining("1 delivery message(s)")
			.withMessageContaining("KmsThrottled");
		assertThat(this.client.requests(SendMessageBatchRequest.class)).hasSize(3);
	}

	@Test
	void aPoisonMessageIsNeitherClaimedNorAcknowledged() {
		this.client.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("not a delivery"));

		assertThat(this.queue.claim(10)).isEmpty();

		assertThat(this.client.sqs.getQueueAttributes((request) -> request.queueUrl(this.queueUrl)
			.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1");
	}

	@Test
	void delaysAreWholeSecondsRoundedUpAndAtMostFifteenMinutes() {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		assertThat(SqsDeliveryQueue.delaySeconds(now.minusSeconds(5), now)).isZero();
		assertThat(SqsDeliveryQueue.delaySeconds(now.plusMillis(1), now)).isOne();
		assertThat(SqsDeliveryQueue.delaySeconds(now.plusSeconds(90), now)).isEqualTo(90);
		assertThat(SqsDeliveryQueue.delaySeconds(now.plus(Duration.ofHours(1)), now)).isEqualTo(900);
	}

	private List<ClaimedDelivery> awaitClaim(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			List<ClaimedDelivery> claimed = this.queue.claim(10);
			if (!claimed.isEmpty()) {
				return claimed;
			}
			sleep(200);
		}
		return List.of();
	}

	private List<NewDelivery> newDeliveries(int count) {
		List<NewDelivery> deliveries = new ArrayList<>();
		var subscription = this.fixtures.subscriptions.findEnabled(this.tenant.id(), "order.placed").getFirst();
		UUID eventRef = this.fixtures.events.insertIfAbsent(this.tenant.id(),
				new dev.herald.db.event.EventRepository.NewEvent("evt-" + UUID.randomUUID(), "order.placed", "/shop",
						null, Instant.now(), "api", SampleEvents.json(EventType.ORDER_PLACED)))
			.orElseThrow();
		for (int i = 0; i < count; i++) {
			deliveries.add(new NewDelivery(UUID.randomUUID(), this.tenant.id(), eventRef, subscription.id(), "email",
					"shopper" + i + "@example.com", null, "en", "order-placed", DeliveryState.PENDING, 8, null));
		}
		this.fixtures.deliveries.insertAll(deliveries);
		return deliveries;
	}

	private String ingest() {
		String eventId = "evt-" + UUID.randomUUID();
		this.fixtures.ingest(this.queue)
			.apply(new IngestRequest(this.tenant.id(), SampleEvents.json(EventType.ORDER_PLACED, eventId), "api", null));
		return eventId;
	}

	private DeliveryView only(String eventId) {
		return this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId).getFirst();
	}

	private long visibleMessages() {
		return Long.parseLong(this.client.sqs.getQueueAttributes((request) -> request.queueUrl(this.queueUrl)
			.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** SQS answers the first batch send with its third entry refused as a transient failure. */
	private void refuseTheThirdEntryOfTheFirstBatch() {
		this.client.answers((response) -> {
			if (response instanceof SendMessageBatchResponse batch
					&& this.client.requests(SendMessageBatchRequest.class).size() == 1) {
				var refused = batch.successful().get(2);
				return batch.toBuilder()
					.successful(batch.successful().stream().filter((ok) -> ok != refused).toList())
					.failed(BatchResultErrorEntry.builder().id(refused.id()).code("InternalError").senderFault(false)
						.message("try again").build())
					.build();
			}
			return response;
		});
	}

}
