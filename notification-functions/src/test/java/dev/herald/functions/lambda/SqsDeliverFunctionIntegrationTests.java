package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.herald.channels.DeliveryResult;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.delivery.sqs.DeliveryMessage;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.LocalSqs;
import dev.herald.functions.support.ScriptedEmail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deliverSqs} called as Lambda calls it, over the real database and an SQS queue (embedded ElasticMQ). */
class SqsDeliverFunctionIntegrationTests {

	private static final Backoff TEN_SECONDS = new Backoff(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0);

	private final Fixtures fixtures = new Fixtures();

	private final LocalSqs.Client client = LocalSqs.shared().client();

	private final String queueUrl = LocalSqs.shared().newQueue(this.client.sqs);

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
	void onlyThePoisonRecordIsReportedAndTheOthersAreDelivered() {
		List<UUID> deliveries = deliveries(2);
		SqsDeliverFunction deliverSqs = new SqsDeliverFunction(this.queue, this.processor);

		SQSBatchResponse response = deliverSqs.apply(LambdaEvents.sqs("m-1", body(deliveries.get(0)), "m-poison",
				"{\"orderId\": 1001}", "m-2", body(deliveries.get(1))));

		assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
			.containsExactly("m-poison");
		assertThat(this.email.sent).hasSize(2);
		assertThat(deliveries).allSatisfy((id) -> assertThat(this.fixtures.stateOf(id)).isEqualTo("delivered"));
	}

	@Test
	void aRecordNamingNoDeliveryIsReportedAsPoison() {
		String unknown = DeliveryMessage.body(this.tenant.id(), UUID.randomUUID());
		UUID known = deliveries(1).getFirst();
		String anotherTenants = DeliveryMessage.body(this.fixtures.tenant().id(), known);

		SQSBatchResponse response = new SqsDeliverFunction(this.queue, this.processor)
			.apply(LambdaEvents.sqs("m-unknown", unknown, "m-other-tenant", anotherTenants));

		assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
			.containsExactly("m-unknown", "m-other-tenant");
		assertThat(this.email.sent).isEmpty();
		assertThat(this.fixtures.stateOf(known)).as("another tenant's message cannot claim it").isEqualTo("pending");
	}

	@Test
	void duplicateRecordsForOneDeliveryProduceOneSend() {
		UUID delivery = deliveries(1).getFirst();
		SqsDeliverFunction deliverSqs = new SqsDeliverFunction(this.queue, this.processor);

		SQSBatchResponse first = deliverSqs.apply(LambdaEvents.sqs("m-1", body(delivery), "m-2", body(delivery)));
		SQSBatchResponse later = deliverSqs.apply(LambdaEvents.sqs("m-3", body(delivery)));

		assertThat(first.getBatchItemFailures()).isEmpty();
		assertThat(later.getBatchItemFailures()).isEmpty();
		assertThat(this.email.sent).hasSize(1);
	}

	@Test
	void aTransientFailureIsAcknowledgedAndComesBackAsADelayedMessage() {
		this.email.answer((message) -> new DeliveryResult.RetryLater("scripted", "421 busy", null));
		UUID delivery = deliveries(1).getFirst();

		SQSBatchResponse response = new SqsDeliverFunction(this.queue, this.processor)
			.apply(LambdaEvents.sqs("m-1", body(delivery)));

		assertThat(response.getBatchItemFailures()).isEmpty();
		assertThat(this.fixtures.stateOf(delivery)).isEqualTo("retrying");
		assertThat(this.client.requests(SendMessageBatchRequest.class)).last().satisfies((request) -> {
			assertThat(request.entries()).singleElement().satisfies((entry) -> {
				assertThat(entry.messageBody()).isEqualTo(body(delivery));
				assertThat(entry.delaySeconds()).isBetween(9, 10);
			});
		});
	}

	@Test
	void aDeliveryWhoseRetryCannotBeQueuedIsReportedSoItsMessageComesBack() {
		this.email.answer((message) -> new DeliveryResult.RetryLater("scripted", "421 busy", null));
		this.client.answers((answer) -> (answer instanceof SendMessageBatchResponse batch) ? batch.toBuilder()
			.successful(List.of())
			.failed(batch.successful().stream()
				.map((ok) -> software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry.builder().id(ok.id())
					.code("ServiceUnavailable").senderFault(false).message("down").build())
				.toList())
			.build() : answer);
		List<UUID> deliveries = deliveries(1);

		SQSBatchResponse response = new SqsDeliverFunction(this.queue, this.processor)
			.apply(LambdaEvents.sqs("m-1", body(deliveries.getFirst())));

		assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
			.containsExactly("m-1");
	}

	@Test
	void everyRecordIsReportedWhenTheDatabaseIsUnreachable() {
		JdbcClient unreachable = JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/herald"));
		SqsDeliveryQueue queue = queue(new PostgresDeliveryQueue(unreachable, Duration.ofMinutes(2)));
		List<UUID> deliveries = deliveries(2);

		SQSBatchResponse response = new SqsDeliverFunction(queue, this.processor)
			.apply(LambdaEvents.sqs("m-1", body(deliveries.get(0)), "m-2", body(deliveries.get(1))));

		assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
			.containsExactly("m-1", "m-2");
		assertThat(this.email.sent).isEmpty();
	}

	private SqsDeliveryQueue queue(PostgresDeliveryQueue rows) {
		return new SqsDeliveryQueue(this.client.sqs, this.queueUrl, rows, Duration.ofMinutes(2), Duration.ZERO,
				Clock.systemUTC());
	}

	/** Pending email deliveries of one new event, created without queueing them. */
	private List<UUID> deliveries(int count) {
		this.fixtures.subscriptions.create(this.tenant.id(), new dev.herald.db.subscription.SubscriptionRepository.NewSubscription(
				"team", "order.placed", "order-placed", List.of("email"),
				dev.herald.db.subscription.SubscriptionRepository.RecipientRule.FIXED,
				java.util.stream.IntStream.range(0, count)
					.mapToObj((i) -> new dev.herald.db.subscription.SubscriptionRepository.FixedRecipient("email",
							"ops" + i + "@shop.example", "Ops", "en"))
					.toList(),
				true));
		String eventId = "evt-" + UUID.randomUUID();
		this.fixtures.ingest(new dev.herald.functions.delivery.postgres.PostgresDeliveryQueue(this.fixtures.jdbc,
				Duration.ofMinutes(2)))
			.apply(new IngestRequest(this.tenant.id(), SampleEvents.json(EventType.ORDER_PLACED, eventId), "api", null));
		return this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId)
			.stream()
			.filter((delivery) -> delivery.state() == DeliveryState.PENDING)
			.map(DeliveryView::id)
			.toList();
	}

	private String body(UUID delivery) {
		return DeliveryMessage.body(this.tenant.id(), delivery);
	}

}
