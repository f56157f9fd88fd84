package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.herald.db.tenant.Tenant;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.sqs.DeliveryMessage;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.LocalSqs;
import dev.herald.functions.support.ScriptedEmail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code requeueStranded} over the real database and an SQS queue (embedded ElasticMQ). The deliveries table is
 * shared by every tenant, so each test starts with no waiting delivery left by others.
 */
class RequeueStrandedFunctionIntegrationTests {

	private static final Duration GRACE = Duration.ofMinutes(15);

	private final Fixtures fixtures = new Fixtures();

	private final LocalSqs.Client client = LocalSqs.shared().client();

	private final String queueUrl = LocalSqs.shared().newQueue(this.client.sqs);

	private final SqsDeliveryQueue queue = new SqsDeliveryQueue(this.client.sqs, this.queueUrl,
			this.fixtures.queue(Duration.ofMinutes(2)), Duration.ofMinutes(2), Duration.ZERO, Clock.systemUTC());

	private final ScriptedEmail email = new ScriptedEmail();

	private DeliveryProcessor processor;

	private Tenant tenant;

	@BeforeEach
	void noWaitingDeliveriesAndATenantWithAnOrderEmail() {
		this.fixtures.clearQueue();
		this.tenant = tenantWithAnOrderEmail();
		this.processor = this.fixtures.processor(List.of(this.email), List.of(),
				new Backoff(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0), this.queue);
	}

	@AfterEach
	void close() {
		this.processor.close();
		this.client.close();
	}

	@Test
	void aPendingDeliveryWithoutAMessageIsQueuedAgainOnceOlderThanTheGraceAndThenDelivered() {
		UUID delivery = this.fixtures.pendingDeliveries(this.tenant, 1).getFirst();
		this.fixtures.dueSince(delivery, Duration.ofMinutes(10));

		RequeueReport early = sweep(1000).get();

		assertThat(early.requeued()).isZero();
		assertThat(early.oldestDueSince()).isNull();
		assertThat(receiveAll()).isEmpty();

		this.fixtures.dueSince(delivery, Duration.ofMinutes(20));
		RequeueReport late = sweep(1000).get();

		assertThat(late.requeued()).isOne();
		assertThat(late.more()).isFalse();
		assertThat(late.oldestDueSince()).isBefore(Instant.now().minus(Duration.ofMinutes(19)));
		List<Message> messages = receiveAll();
		assertThat(messages).extracting(Message::body).containsExactly(DeliveryMessage.body(this.tenant.id(), delivery));
		SQSBatchResponse response = new SqsDeliverFunction(this.queue, this.processor)
			.apply(LambdaEvents.sqs(messages.getFirst().messageId(), messages.getFirst().body()));
		assertThat(response.getBatchItemFailures()).isEmpty();
		assertThat(this.fixtures.stateOf(delivery)).isEqualTo("delivered");
		assertThat(this.email.sent).hasSize(1);
		assertThat(sweep(1000).get().requeued()).as("a delivered delivery is not stranded").isZero();
	}

	@Test
	void aLeasedOrSettledDeliveryIsNotSweptButOneWhoseLeaseRanOutLongAgoIs() {
		List<UUID> deliveries = this.fixtures.pendingDeliveries(this.tenant, 5);
		deliveries.forEach((id) -> this.fixtures.dueSince(id, Duration.ofHours(1)));
		this.fixtures.leased(deliveries.get(0), Duration.ofMinutes(2));
		this.fixtures.settle(deliveries.get(1), "delivered");
		this.fixtures.settle(deliveries.get(2), "dead_lettered");
		this.fixtures.settle(deliveries.get(3), "skipped");
		this.fixtures.leased(deliveries.get(4), Duration.ofMinutes(-20));

		RequeueReport report = sweep(1000).get();

		assertThat(report.requeued()).isOne();
		assertThat(receiveAll()).extracting(Message::body)
			.containsExactly(DeliveryMessage.body(this.tenant.id(), deliveries.get(4)));
	}

	@Test
	void strandedDeliveriesOfEveryTenantAreSwept() {
		Tenant other = tenantWithAnOrderEmail();
		UUID mine = this.fixtures.pendingDeliveries(this.tenant, 1).getFirst();
		UUID theirs = this.fixtures.pendingDeliveries(other, 1).getFirst();
		this.fixtures.dueSince(mine, Duration.ofMinutes(30));
		this.fixtures.dueSince(theirs, Duration.ofMinutes(30));

		RequeueReport report = sweep(1000).get();

		assertThat(report.requeued()).isEqualTo(2);
		assertThat(receiveAll()).extracting(Message::body)
			.containsExactlyInAnyOrder(DeliveryMessage.body(this.tenant.id(), mine),
					DeliveryMessage.body(other.id(), theirs));
	}

	@Test
	void aRunStopsAtItsCapAndOnceThoseAreDeliveredTheNextRunTakesTheRest() {
		List<UUID> deliveries = this.fixtures.pendingDeliveries(this.tenant, 250);
		this.fixtures.jdbc.sql("update deliveries set next_attempt_at = now() - interval '1 hour' where tenant_id = :t")
			.param("t", this.tenant.id().value())
			.update();
		RequeueStrandedFunction sweep = sweep(230);

		RequeueReport first = sweep.get();
		List<Message> firstMessages = receiveAll();
		deliver(firstMessages);
		RequeueReport second = sweep.get();
		List<Message> secondMessages = receiveAll();

		assertThat(first.requeued()).isEqualTo(230);
		assertThat(first.more()).isTrue();
		assertThat(firstMessages).hasSize(230);
		assertThat(second.requeued()).isEqualTo(20);
		assertThat(second.more()).isFalse();
		List<String> all = new ArrayList<>();
		firstMessages.forEach((message) -> all.add(message.body()));
		secondMessages.forEach((message) -> all.add(message.body()));
		assertThat(all).containsExactlyInAnyOrderElementsOf(
				deliveries.stream().map((id) -> DeliveryMessage.body(this.tenant.id(), id)).toList());
		assertThat(this.fixtures.meters.counter("herald.deliveries.requeued", "source", "sweep", "outcome", "requeued")
			.count()).isEqualTo(250);
	}

	private RequeueStrandedFunction sweep(int max) {
		return new RequeueStrandedFunction(this.fixtures.queue(Duration.ofMinutes(2)), this.queue, GRACE, max,
				this.fixtures.meters);
	}

	private Tenant tenantWithAnOrderEmail() {
		Tenant tenant = this.fixtures.tenant();
		this.fixtures.emailTemplate(tenant, "order-placed", "order.placed", "en", "Order {{ data.orderNumber }}", null,
				"Hello {{ customer.name }}");
		return tenant;
	}

	/** Delivers the messages' deliveries as the Lambda event source would, ten at a time. */
	private void deliver(List<Message> messages) {
		SqsDeliverFunction deliverSqs = new SqsDeliverFunction(this.queue, this.processor);
		for (int start = 0; start < messages.size(); start += 10) {
			String[] idsAndBodies = messages.subList(start, Math.min(messages.size(), start + 10))
				.stream()
				.flatMap((message) -> java.util.stream.Stream.of(message.messageId(), message.body()))
				.toArray(String[]::new);
			assertThat(deliverSqs.apply(LambdaEvents.sqs(idsAndBodies)).getBatchItemFailures()).isEmpty();
		}
	}

	private List<Message> receiveAll() {
		List<Message> all = new ArrayList<>();
		List<Message> batch;
		do {
			batch = this.client.sqs.receiveMessage((request) -> request.queueUrl(this.queueUrl).maxNumberOfMessages(10))
				.messages();
			all.addAll(batch);
		}
		while (!batch.isEmpty());
		return all;
	}

}
