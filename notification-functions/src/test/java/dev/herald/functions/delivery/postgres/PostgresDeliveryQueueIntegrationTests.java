package dev.herald.functions.delivery.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.herald.db.delivery.DeliveryRepository.Completion;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.ClaimedDelivery;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue.DeliveryRef;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue.Stranded;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class PostgresDeliveryQueueIntegrationTests {

	private final Fixtures fixtures = new Fixtures();

	private Tenant tenant;

	@BeforeEach
	void emptyQueueAndATenantWithASubscription() {
		this.fixtures.clearQueue();
		this.tenant = this.fixtures.tenant();
		this.fixtures.subscribe(this.tenant, "order.placed", "order-placed", List.of("email", "sms"));
	}

	@Test
	void concurrentClaimersNeverClaimTheSameDelivery() throws Exception {
		int events = 150;
		post(events);
		PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMinutes(5));
		List<UUID> claimed = Collections.synchronizedList(new ArrayList<>());

		try (ExecutorService claimers = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				claimers.submit(() -> {
					List<ClaimedDelivery> batch;
					while (!(batch = queue.claim(7)).isEmpty()) {
						batch.forEach((delivery) -> claimed.add(delivery.id()));
					}
					return null;
				});
			}
		}

		assertThat(claimed).hasSize(events * 2).doesNotHaveDuplicates();
	}

	@Test
	void aDeliveryWhoseLeaseRunsOutIsClaimedAgainAndTheOldClaimCanNoLongerRecord() throws Exception {
		post(1);
		PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMillis(300));
		List<ClaimedDelivery> first = queue.claim(10);
		assertThat(first).hasSize(2);
		assertThat(queue.claim(10)).as("leased deliveries are not handed out twice").isEmpty();

		Thread.sleep(500);
		List<ClaimedDelivery> second = queue.claim(10);

		assertThat(second).extracting(ClaimedDelivery::id)
			.containsExactlyInAnyOrderElementsOf(first.stream().map(ClaimedDelivery::id).toList());
		assertThat(second).allSatisfy((delivery) -> assertThat(delivery.claim().attempt()).isEqualTo(2));
		ClaimedDelivery stale = first.getFirst();
		assertThat(this.fixtures.deliveries.complete(stale.claim(), delivered())).isFalse();
		ClaimedDelivery current = second.stream().filter((d) -> d.id().equals(stale.id())).findFirst().orElseThrow();
		assertThat(this.fixtures.deliveries.complete(current.claim(), delivered())).isTrue();
		assertThat(this.fixtures.stateOf(stale.id())).isEqualTo("delivered");
	}

	@Test
	void aFinalAttemptWhoseWorkerNeverReportedBackIsDeadLetteredWithTheReason() throws Exception {
		this.fixtures.tenants.updateMaxAttempts(this.tenant.id(), 1);
		post(1);
		PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMillis(200));
		List<ClaimedDelivery> claimed = queue.claim(10);
		assertThat(claimed).hasSize(2);

		Thread.sleep(400);

		assertThat(queue.claim(10)).isEmpty();
		assertThat(claimed).allSatisfy((delivery) -> {
			var view = this.fixtures.deliveries.find(this.tenant.id(), delivery.id()).orElseThrow();
			assertThat(view.state()).isEqualTo(DeliveryState.DEAD_LETTERED);
			assertThat(view.lastError()).contains("stopped before reporting back");
			assertThat(this.fixtures.deliveries.attempts(this.tenant.id(), delivery.id()))
				.singleElement()
				.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo("lease_expired"));
		});
	}

	@Test
	void aRetryIsNotClaimedBeforeItsTime() {
		post(1);
		PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMinutes(5));
		for (ClaimedDelivery delivery : queue.claim(10)) {
			Instant now = Instant.now();
			this.fixtures.deliveries.complete(delivery.claim(), new Completion(DeliveryState.RETRYING, "retry_later",
					now.plusSeconds(60), "busy", "test", null, now, now, 1));
		}

		assertThat(queue.claim(10)).isEmpty();
		this.fixtures.makeDue(this.tenant);
		assertThat(queue.claim(10)).hasSize(2);
	}

	@Test
	void statesTellWaitingFromSettledAndAnotherTenantsReferenceFindsNothing() {
		List<UUID> deliveries = this.fixtures.pendingDeliveries(this.tenant, 2);
		this.fixtures.settle(deliveries.get(1), "delivered");
		PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMinutes(5));
		DeliveryRef waiting = new DeliveryRef(this.tenant.id(), deliveries.get(0));
		DeliveryRef delivered = new DeliveryRef(this.tenant.id(), deliveries.get(1));
		DeliveryRef otherTenants = new DeliveryRef(this.fixtures.tenant().id(), deliveries.get(0));

		Map<DeliveryRef, DeliveryState> states = queue.states(List.of(waiting, delivered, otherTenants));

		assertThat(states).containsOnly(entry(waiting, DeliveryState.PENDING), entry(delivered, DeliveryState.DELIVERED));
		assertThat(this.fixtures.stateOf(deliveries.get(0))).as("looking changes nothing").isEqualTo("pending");
	}

	@Test
	void strandedDeliveriesOfAllTenantsComePageByPageInTheOrderTheyBecameDue() {
		Tenant other = this.fixtures.tenant();
		List<UUID> mine = this.fixtures.pendingDeliveries(this.tenant, 3);
		List<UUID> theirs = this.fixtures.pendingDeliveries(other, 2);
		// Due 50, 40, 30, 20 minutes ago, and a lease that ran out 25 minutes ago.
		this.fixtures.dueSince(mine.get(0), Duration.ofMinutes(50));
		this.fixtures.dueSince(theirs.get(0), Duration.ofMinutes(40));
		this.fixtures.dueSince(mine.get(1), Duration.ofMinutes(30));
		this.fixtures.dueSince(theirs.get(1), Duration.ofMinutes(20));
		this.fixtures.leased(mine.get(2), Duration.ofMinutes(-25));
		PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMinutes(5));

		List<UUID> found = new ArrayList<>();
		Stranded after = Stranded.FIRST;
		List<Stranded> page;
		int pages = 0;
		while (!(page = queue.stranded(Duration.ofMinutes(15), after, 2)).isEmpty()) {
			page.forEach((stranded) -> found.add(stranded.delivery().deliveryId()));
			after = page.getLast();
			pages++;
		}

		assertThat(found).containsExactly(mine.get(0), theirs.get(0), mine.get(1), mine.get(2), theirs.get(1));
		assertThat(pages).isEqualTo(3);
		assertThat(queue.stranded(Duration.ofMinutes(35), Stranded.FIRST, 10))
			.extracting((stranded) -> stranded.delivery().deliveryId())
			.containsExactly(mine.get(0), theirs.get(0));
	}

	private void post(int events) {
		IngestFunction ingest = this.fixtures.ingest(this.fixtures.queue(Duration.ofMinutes(5)));
		for (int i = 0; i < events; i++) {
			ingest.apply(new IngestRequest(this.tenant.id(),
					SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()), "api", null));
		}
	}

	private static Completion delivered() {
		Instant now = Instant.now();
		return new Completion(DeliveryState.DELIVERED, "delivered", null, null, "test", "m-1", now, now, 1);
	}

}
