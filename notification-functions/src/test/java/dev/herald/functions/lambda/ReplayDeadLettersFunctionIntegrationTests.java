package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.herald.db.tenant.Tenant;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.delivery.sqs.DeliveryMessage;
import dev.herald.functions.delivery.sqs.SqsDeadLetterQueue;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.LocalSqs;
import dev.herald.functions.support.ScriptedEmail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code replayDeadLetters} over the real database, a delivery queue and its dead-letter queue (embedded ElasticMQ);
 * what it sends back is then delivered by {@code deliverSqs}, as on Lambda.
 */
class ReplayDeadLettersFunctionIntegrationTests {

	private static final Backoff TEN_SECONDS = new Backoff(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0);

	private final Fixtures fixtures = new Fixtures();

	private final LocalSqs.Client client = LocalSqs.shared().client();

	private final String queueUrl = LocalSqs.shared().newQueue(this.client.sqs);

	private final String deadLetterQueueUrl = LocalSqs.shared().newQueue(this.client.sqs);

	private final SqsDeliveryQueue queue = queue(this.fixtures.queue(Duration.ofMinutes(2)));

	private final ScriptedEmail email = new ScriptedEmail();

	private DeliveryProcessor processor;

	private Tenant tenant;

	@BeforeEach
	void tenantWithAnOrderEmail() {
		this.tenant = this.fixtures.tenant();
		this.fixtures.emailTemplate(this.tenant, "order-placed", "order.placed", "en", "Order {{ data.orderNumber }}",
				null, "Hello {{ customer.name }}");
		this.processor = this.fixtures.processor(List.of(this.email), List.of(), TEN_SECONDS, this.queue);
	}

	@AfterEach
	void close() {
		this.processor.close();
		this.client.close();
	}

	@Test
	void unsettledDeadLettersAreSentBackAndDeliveredTheSettledOneIsDeletedAndThePoisonOneStaysReported() {
		List<UUID> deliveries = this.fixtures.pendingDeliveries(this.tenant, 4);
		this.fixtures.settle(deliveries.get(3), "delivered");
		deliveries.forEach(this::deadLetter);
		String poison = deadLetter("{\"orderId\": 1001}");

		ReplayReport report = replay().apply(new ReplayRequest(null));

		assertThat(report.replayed()).isEqualTo(3);
		assertThat(report.settled()).isEqualTo(1);
		assertThat(report.poison()).isEqualTo(1);
		assertThat(report.poisonMessages()).containsExactly(
				new ReplayReport.PoisonMessage(poison, "the body is not a Herald delivery message"));
		assertThat(report.more()).isFalse();
		assertThat(report.stopped()).isEqualTo("empty");
		List<Message> requeued = receiveAll(this.queueUrl);
		assertThat(requeued).extracting(Message::body)
			.containsExactlyInAnyOrderElementsOf(deliveries.subList(0, 3).stream().map(this::body).toList());

		SQSBatchResponse delivered = new SqsDeliverFunction(this.queue, this.processor).apply(LambdaEvents.sqs(
				requeued.stream().flatMap((message) -> java.util.stream.Stream.of(message.messageId(), message.body()))
					.toArray(String[]::new)));

		assertThat(delivered.getBatchItemFailures()).isEmpty();
		assertThat(this.email.sent).hasSize(3);
		assertThat(deliveries).allSatisfy((id) -> assertThat(this.fixtures.stateOf(id)).isEqualTo("delivered"));
		assertThat(receiveAll(this.deadLetterQueueUrl)).as("only the poison is left, visible again at once")
			.extracting(Message::messageId)
			.containsExactly(poison);
		assertThat(this.fixtures.meters.counter("herald.deliveries.requeued", "source", "dead-letters", "outcome",
				"requeued").count()).isEqualTo(3);
		assertThat(this.fixtures.meters.counter("herald.deliveries.requeued", "source", "dead-letters", "outcome",
				"poison").count()).isEqualTo(1);
	}

	@Test
	void aDeadLetterNamingNoDeliveryOfItsTenantIsPoisonAndStays() {
		UUID delivery = this.fixtures.pendingDeliveries(this.tenant, 1).getFirst();
		Tenant other = this.fixtures.tenant();
		String otherTenants = deadLetter(DeliveryMessage.body(other.id(), delivery));

		ReplayReport report = replay().apply(new ReplayRequest(null));

		assertThat(report.poisonMessages()).singleElement().satisfies((poison) -> {
			assertThat(poison.messageId()).isEqualTo(otherTenants);
			assertThat(poison.reason()).isEqualTo("no delivery " + delivery + " of tenant " + other.id().value());
		});
		assertThat(receiveAll(this.queueUrl)).isEmpty();
		assertThat(receiveAll(this.deadLetterQueueUrl)).extracting(Message::messageId).containsExactly(otherTenants);
	}

	@Test
	void aRunSmallerThanTheDeadLetterQueueSaysMoreMayRemainAndASecondRunFinishes() {
		List<UUID> deliveries = this.fixtures.pendingDeliveries(this.tenant, 5);
		deliveries.forEach(this::deadLetter);

		ReplayReport first = replay().apply(new ReplayRequest(2));
		ReplayReport second = replay().apply(new ReplayRequest(null));

		assertThat(first.replayed()).isEqualTo(2);
		assertThat(first.more()).isTrue();
		assertThat(first.stopped()).isEqualTo("max");
		assertThat(second.replayed()).isEqualTo(3);
		assertThat(second.more()).isFalse();
		assertThat(receiveAll(this.queueUrl)).extracting(Message::body)
			.containsExactlyInAnyOrderElementsOf(deliveries.stream().map(this::body).toList());
		assertThat(receiveAll(this.deadLetterQueueUrl)).isEmpty();
	}

	@Test
	void aRunWithoutTimeLeftBeforeLambdasTimeoutTouchesNothingAndSaysMoreMayRemain() {
		UUID delivery = this.fixtures.pendingDeliveries(this.tenant, 1).getFirst();
		deadLetter(delivery);

		ReplayReport report = replay(() -> Optional.of(Duration.ofSeconds(ReplayDeadLettersFunction.MARGIN_SECONDS)))
			.apply(new ReplayRequest(null));

		assertThat(report.replayed()).isZero();
		assertThat(report.stopped()).isEqualTo("time");
		assertThat(report.more()).isTrue();
		assertThat(receiveAll(this.deadLetterQueueUrl)).extracting(Message::body).containsExactly(body(delivery));
	}

	@Test
	void whenTheDatabaseIsAwayTheRunFailsAndEveryDeadLetterStaysVisible() {
		JdbcClient unreachable = JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/herald"));
		SqsDeliveryQueue queue = queue(new PostgresDeliveryQueue(unreachable, Duration.ofMinutes(2)));
		List<UUID> deliveries = this.fixtures.pendingDeliveries(this.tenant, 2);
		deliveries.forEach(this::deadLetter);

		assertThatIllegalStateException()
			.isThrownBy(() -> new ReplayDeadLettersFunction(queue,
					new SqsDeadLetterQueue(this.client.sqs, this.deadLetterQueueUrl), Optional::empty,
					Duration.ofMinutes(1), Duration.ZERO, this.fixtures.meters, Clock.systemUTC())
				.apply(new ReplayRequest(null)))
			.withMessageStartingWith("Replay stopped after 0 replayed, 0 settled, 0 poison");

		assertThat(receiveAll(this.queueUrl)).isEmpty();
		assertThat(receiveAll(this.deadLetterQueueUrl)).extracting(Message::body)
			.containsExactlyInAnyOrderElementsOf(deliveries.stream().map(this::body).toList());
	}

	@Test
	void withoutADeadLetterQueueConfiguredTheReplayFailsSayingWhatToSet() {
		ReplayDeadLettersFunction replay = new ReplayDeadLettersFunction(this.queue, null, Optional::empty,
				Duration.ofMinutes(1), Duration.ZERO, this.fixtures.meters, Clock.systemUTC());

		assertThatIllegalStateException().isThrownBy(() -> replay.apply(new ReplayRequest(null)))
			.withMessageContaining("HERALD_DELIVERY_DLQ_URL");
	}

	private ReplayDeadLettersFunction replay() {
		return replay(Optional::empty);
	}

	private ReplayDeadLettersFunction replay(Supplier<Optional<Duration>> remainingTime) {
		return new ReplayDeadLettersFunction(this.queue,
				new SqsDeadLetterQueue(this.client.sqs, this.deadLetterQueueUrl), remainingTime, Duration.ofMinutes(1),
				Duration.ZERO, this.fixtures.meters, Clock.systemUTC());
	}

	private SqsDeliveryQueue queue(PostgresDeliveryQueue rows) {
		return new SqsDeliveryQueue(this.client.sqs, this.queueUrl, rows, Duration.ofMinutes(2), Duration.ZERO,
				Clock.systemUTC());
	}

	private void deadLetter(UUID delivery) {
		deadLetter(body(delivery));
	}

	/** A message as the redrive policy leaves it in the dead-letter queue; returns its id. */
	private String deadLetter(String body) {
		return this.client.sqs.sendMessage((request) -> request.queueUrl(this.deadLetterQueueUrl).messageBody(body))
			.messageId();
	}

	/** Everything visible in a queue now (and hidden for the queue's visibility timeout afterwards). */
	private List<Message> receiveAll(String url) {
		List<Message> all = new ArrayList<>();
		List<Message> batch;
		do {
			batch = this.client.sqs.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10))
				.messages();
			all.addAll(batch);
		}
		while (!batch.isEmpty());
		return all;
	}

	private String body(UUID delivery) {
		return DeliveryMessage.body(this.tenant.id(), delivery);
	}

}
