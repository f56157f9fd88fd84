package dev.herald.functions.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.DeliveryQueue;
import dev.herald.functions.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class IngestFunctionIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Fixtures fixtures = new Fixtures();

	private final List<Integer> published = new ArrayList<>();

	private final DeliveryQueue queue = new DeliveryQueue() {
		@Override
		public void publish(List<dev.herald.db.delivery.DeliveryRepository.NewDelivery> deliveries) {
			IngestFunctionIntegrationTests.this.published.add(deliveries.size());
		}

		@Override
		public List<dev.herald.functions.delivery.ClaimedDelivery> claim(int max) {
			return List.of();
		}

		@Override
		public void schedule(dev.herald.db.tenant.TenantId tenant, UUID deliveryId, java.time.Instant notBefore) {
		}
	};

	private final IngestFunction ingest = this.fixtures.ingest(this.queue);

	private Tenant tenant;

	@BeforeEach
	void tenantWithEmailAndSmsSubscription() {
		this.tenant = this.fixtures.tenant();
		this.fixtures.subscribe(this.tenant, "order.placed", "order-placed", List.of("email", "sms"));
	}

	@Test
	void validEventIsStoredAndFansOutToEveryChannelOfEverySubscription() {
		String eventId = "evt-" + UUID.randomUUID();

		IngestResult result = this.ingest.apply(request(SampleEvents.json(EventType.ORDER_PLACED, eventId)));

		assertThat(result).isInstanceOfSatisfying(IngestResult.Accepted.class,
				(accepted) -> assertThat(accepted.deliveries()).isEqualTo(2));
		List<DeliveryView> deliveries = this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId);
		assertThat(deliveries).extracting(DeliveryView::channel).containsExactlyInAnyOrder("email", "sms");
		assertThat(deliveries).allSatisfy((delivery) -> {
			assertThat(delivery.state()).isEqualTo(DeliveryState.PENDING);
			assertThat(delivery.maxAttempts()).isEqualTo(8);
		});
		assertThat(this.published).containsExactly(2);
	}

	@Test
	void sameEventIdAgainIsADuplicateAndCreatesNothing() {
		String eventId = "evt-" + UUID.randomUUID();
		this.ingest.apply(request(SampleEvents.json(EventType.ORDER_PLACED, eventId)));

		IngestResult again = this.ingest.apply(request(SampleEvents.json(EventType.ORDER_PLACED, eventId)));

		assertThat(again).isInstanceOf(IngestResult.Duplicate.class);
		assertThat(this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId)).hasSize(2);
	}

	@Test
	void aRedeliveredEventQueuesAgainOnlyTheDeliveriesNoWorkerHasClaimed() {
		String eventId = "evt-" + UUID.randomUUID();
		this.ingest.apply(request(SampleEvents.json(EventType.ORDER_PLACED, eventId)));
		UUID claimed = this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId).getFirst().id();
		this.fixtures.jdbc.sql("update deliveries set state = 'sending', attempts = 1 where id = :id")
			.param("id", claimed)
			.update();

		this.ingest.apply(request(SampleEvents.json(EventType.ORDER_PLACED, eventId)));

		assertThat(this.published).as("first the new deliveries, then the one still unclaimed").containsExactly(2, 1);
	}

	@Test
	void theSameEventPostedConcurrentlyIsStoredOnceWithOneSetOfDeliveries() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		String body = SampleEvents.json(EventType.ORDER_PLACED, eventId);
		List<Future<IngestResult>> results = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				results.add(pool.submit((Callable<IngestResult>) () -> this.ingest.apply(request(body))));
			}
		}
		long accepted = 0;
		for (Future<IngestResult> result : results) {
			accepted += (result.get() instanceof IngestResult.Accepted) ? 1 : 0;
		}
		assertThat(accepted).isEqualTo(1);
		assertThat(this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId)).hasSize(2);
	}

	@Test
	void theSameEventIdFromAnotherTenantIsThatTenantsOwnEvent() {
		String eventId = "evt-" + UUID.randomUUID();
		Tenant other = this.fixtures.tenant();
		this.fixtures.subscribe(other, "order.placed", "order-placed", List.of("email"));

		this.ingest.apply(request(SampleEvents.json(EventType.ORDER_PLACED, eventId)));
		IngestResult theirs = this.ingest
			.apply(new IngestRequest(other.id(), SampleEvents.json(EventType.ORDER_PLACED, eventId), "api", null));

		assertThat(theirs).isInstanceOf(IngestResult.Accepted.class);
		assertThat(this.fixtures.deliveries.findByEventId(other.id(), eventId)).hasSize(1);
		assertThat(this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId)).hasSize(2);
	}

	@Test
	void invalidEventIsKeptWithEveryProblemAndCreatesNoDeliveries() {
		ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED, "evt-bad"));
		((ObjectNode) event.get("data").get("customer")).put("email", "not-an-email");
		event.remove("source");

		IngestResult result = this.ingest.apply(request(event.toString()));

		assertThat(result).isInstanceOfSatisfying(IngestResult.Rejected.class, (rejected) -> {
			assertThat(rejected.problems()).extracting("path").contains("$.source", "$.data.customer.email");
			var stored = this.fixtures.rejectedEvents.recent(this.tenant.id(), 1).getFirst();
			assertThat(stored.id()).isEqualTo(rejected.rejectionId());
			assertThat(stored.rawBody()).contains("not-an-email");
			assertThat(stored.reasonsJson()).contains("$.source").contains("$.data.customer.email");
		});
		assertThat(this.fixtures.events.findByEventId(this.tenant.id(), "evt-bad")).isEmpty();
		assertThat(this.published).isEmpty();
	}

	@Test
	void aChannelTheCustomerCannotBeReachedOnGetsASkippedDeliveryWithTheReason() {
		ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));
		((ObjectNode) event.get("data").get("customer")).remove("phone");
		String eventId = event.get("id").asString();

		this.ingest.apply(request(event.toString()));

		List<DeliveryView> deliveries = this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId);
		assertThat(deliveries).filteredOn((d) -> d.channel().equals("sms")).singleElement().satisfies((sms) -> {
			assertThat(sms.state()).isEqualTo(DeliveryState.SKIPPED);
			assertThat(sms.lastError()).isEqualTo("the customer has no phone number");
		});
		assertThat(this.published).containsExactly(1);
	}

	@Test
	void anEventTypeWithoutSubscriptionsIsStoredWithNoDeliveries() {
		String eventId = "evt-" + UUID.randomUUID();

		IngestResult result = this.ingest.apply(request(SampleEvents.json(EventType.SHIPMENT_DELIVERED, eventId)));

		assertThat(result).isInstanceOfSatisfying(IngestResult.Accepted.class,
				(accepted) -> assertThat(accepted.deliveries()).isZero());
		assertThat(this.fixtures.events.findByEventId(this.tenant.id(), eventId)).isPresent();
	}

	private IngestRequest request(String body) {
		return new IngestRequest(this.tenant.id(), body, "api", "application/json");
	}

}
