package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.subscription.SubscriptionRepository.FixedRecipient;
import dev.herald.db.subscription.SubscriptionRepository.NewSubscription;
import dev.herald.db.subscription.SubscriptionRepository.RecipientRule;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.LocalSqs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code ingestSns} called as Lambda calls it, over the real database and an SQS queue (embedded ElasticMQ). */
class SnsIngestFunctionIntegrationTests {

	private final Fixtures fixtures = new Fixtures();

	private final LocalSqs.Client client = LocalSqs.shared().client();

	private final SqsDeliveryQueue queue = new SqsDeliveryQueue(this.client.sqs,
			LocalSqs.shared().newQueue(this.client.sqs), this.fixtures.queue(Duration.ofMinutes(2)),
			Duration.ofMinutes(2), Duration.ZERO, Clock.systemUTC());

	private final SnsIngestFunction ingestSns = new SnsIngestFunction(this.fixtures.ingest(this.queue),
			this.fixtures.tenants);

	private Tenant tenant;

	@BeforeEach
	void tenantWithEmailAndSmsSubscription() {
		this.tenant = this.fixtures.tenant();
		this.fixtures.subscribe(this.tenant, "order.placed", "order-placed", List.of("email", "sms"));
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void anOrderPlacedMessageIsStoredFannedOutAndItsDeliveriesQueued() {
		String eventId = "evt-" + UUID.randomUUID();

		SnsIngestReport report = this.ingestSns
			.apply(LambdaEvents.sns(this.tenant.slug(), SampleEvents.json(EventType.ORDER_PLACED, eventId)));

		assertThat(report.records()).singleElement().satisfies((record) -> {
			assertThat(record.status()).isEqualTo("accepted");
			assertThat(record.eventId()).isEqualTo(eventId);
			assertThat(record.deliveries()).isEqualTo(2);
		});
		assertThat(this.fixtures.events.findByEventId(this.tenant.id(), eventId)).hasValueSatisfying(
				(event) -> assertThat(event.receivedVia()).isEqualTo("sns"));
		assertThat(this.client.requests(SendMessageBatchRequest.class)).singleElement()
			.satisfies((request) -> assertThat(request.entries()).hasSize(2));
	}

	@Test
	void theSameSnsMessageDeliveredTwiceCreatesOneSetOfDeliveries() {
		String eventId = "evt-" + UUID.randomUUID();
		SNSEvent event = LambdaEvents.sns(this.tenant.slug(), SampleEvents.json(EventType.ORDER_PLACED, eventId));
		this.ingestSns.apply(event);
		claimAll();

		SnsIngestReport again = this.ingestSns.apply(event);

		assertThat(again.records()).singleElement()
			.satisfies((record) -> assertThat(record.status()).isEqualTo("duplicate"));
		assertThat(this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId)).hasSize(2);
		assertThat(this.client.requests(SendMessageBatchRequest.class)).as("claimed deliveries are not queued again")
			.hasSize(1);
	}

	@Test
	void anInvalidEventIsKeptAsRejectedWithItsReasonAndTheRecordSucceeds() {
		SnsIngestReport report = this.ingestSns.apply(LambdaEvents.sns(this.tenant.slug(), "{\"specversion\":\"1.0\"}"));

		assertThat(report.records()).singleElement().satisfies((record) -> {
			assertThat(record.status()).isEqualTo("rejected");
			assertThat(record.problems()).isNotEmpty();
		});
		assertThat(this.fixtures.rejectedEvents.recent(this.tenant.id(), 1)).singleElement().satisfies((rejected) -> {
			assertThat(rejected.receivedVia()).isEqualTo("sns");
			assertThat(rejected.rawBody()).isEqualTo("{\"specversion\":\"1.0\"}");
			assertThat(rejected.reasonsJson()).contains("$.id");
		});
	}

	@Test
	void aMessageForAnUnknownTenantFailsTheInvocationAfterTheOtherRecordsAreIngested() {
		String eventId = "evt-" + UUID.randomUUID();
		SNSEvent event = new SNSEvent().withRecords(List.of(
				LambdaEvents.snsRecord("m-unknown", "no-such-shop", SampleEvents.json(EventType.ORDER_PLACED)),
				LambdaEvents.snsRecord("m-known", this.tenant.slug(), SampleEvents.json(EventType.ORDER_PLACED, eventId))));

		assertThatExceptionOfType(SnsIngestFunction.UnknownTenantException.class)
			.isThrownBy(() -> this.ingestSns.apply(event))
			.withMessageContaining("m-unknown")
			.withMessageContaining("unknown tenant 'no-such-shop'");
		assertThat(this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId)).hasSize(2);
	}

	@Test
	void aMessageWithoutTheTenantAttributeFailsTheInvocation() {
		SNSEvent event = LambdaEvents.sns(null, SampleEvents.json(EventType.ORDER_PLACED));

		assertThatExceptionOfType(SnsIngestFunction.UnknownTenantException.class)
			.isThrownBy(() -> this.ingestSns.apply(event))
			.withMessageContaining("has no 'tenant' message attribute");
	}

	@Test
	void aBigFanOutOnlyCreatesDeliveriesAndQueuesThemInBatchesOfTen() {
		List<FixedRecipient> team = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			team.add(new FixedRecipient("email", "ops" + i + "@shop.example", "Ops " + i, "en"));
		}
		this.fixtures.subscriptions.create(this.tenant.id(), new NewSubscription("Ops team", "order.placed",
				"order-placed", List.of("email"), RecipientRule.FIXED, team, true));
		String eventId = "evt-" + UUID.randomUUID();

		this.ingestSns.apply(LambdaEvents.sns(this.tenant.slug(), SampleEvents.json(EventType.ORDER_PLACED, eventId)));

		assertThat(this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId)).hasSize(27)
			.extracting(DeliveryView::attempts)
			.containsOnly(0);
		assertThat(this.client.requests(SendMessageBatchRequest.class)).extracting((request) -> request.entries().size())
			.containsExactly(10, 10, 7);
	}

	private void claimAll() {
		while (!this.queue.claim(10).isEmpty()) {
			// claimed: the deliveries are taken by a worker
		}
	}

}
