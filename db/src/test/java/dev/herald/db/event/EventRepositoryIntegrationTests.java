package dev.herald.db.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.herald.db.event.EventRepository.NewEvent;
import dev.herald.db.event.EventRepository.StoredEvent;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EventRepositoryIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TestData data = new TestData();

	private final EventRepository events = this.data.events;

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void anEventIsStoredWithEverythingItCarried() {
		String eventId = TestData.unique("evt");
		NewEvent event = new NewEvent(eventId, "order.placed", "/shop/orders", "order-1001",
				Instant.parse("2026-03-01T09:30:00.123456Z"), "api",
				"{\"specversion\": \"1.0\", \"id\": \"" + eventId + "\", \"data\": {\"buyer\": \"김민지\", \"total\": 129.9}}");

		UUID id = this.events.insertIfAbsent(this.tenant, event).orElseThrow();

		StoredEvent stored = this.events.findByEventId(this.tenant, eventId).orElseThrow();
		assertThat(stored.id()).isEqualTo(id);
		assertThat(stored.tenantId()).isEqualTo(this.tenant);
		assertThat(stored.eventType()).isEqualTo("order.placed");
		assertThat(stored.source()).isEqualTo("/shop/orders");
		assertThat(stored.subject()).isEqualTo("order-1001");
		assertThat(stored.occurredAt()).isEqualTo(event.occurredAt());
		assertThat(stored.receivedAt()).isNotNull();
		assertThat(stored.receivedVia()).isEqualTo("api");
		assertThat(JSON.readTree(stored.payloadJson())).isEqualTo(JSON.readTree(event.payloadJson()));
	}

	@Test
	void theSameEventSentTwiceIsStoredOnceAndTheFirstCopyIsKept() {
		String eventId = TestData.unique("evt");
		NewEvent first = TestData.newEvent(eventId, "order.placed");
		NewEvent retry = new NewEvent(eventId, "order.placed", "/shop/orders", "order-1001", first.occurredAt(),
				"sqs", "{\"id\":\"" + eventId + "\",\"note\":\"the retry\"}");

		Optional<UUID> stored = this.events.insertIfAbsent(this.tenant, first);
		Optional<UUID> duplicate = this.events.insertIfAbsent(this.tenant, retry);

		assertThat(stored).isPresent();
		assertThat(duplicate).isEmpty();
		StoredEvent kept = this.events.findByEventId(this.tenant, eventId).orElseThrow();
		assertThat(kept.id()).isEqualTo(stored.get());
		assertThat(kept.receivedVia()).isEqualTo("api");
		assertThat(kept.payloadJson()).doesNotContain("the retry");
		assertThat(rowsWithEventId(eventId)).isOne();
	}

	@Test
	void twoShopsMayUseTheSameEventIdAndEachKeepsItsEvent() {
		String eventId = TestData.unique("evt");
		TenantId other = this.data.tenant().id();

		Optional<UUID> mine = this.events.insertIfAbsent(this.tenant, TestData.newEvent(eventId, "order.placed"));
		Optional<UUID> theirs = this.events.insertIfAbsent(other, TestData.newEvent(eventId, "order.shipped"));

		assertThat(mine).isPresent();
		assertThat(theirs).isPresent().isNotEqualTo(mine);
		assertThat(this.events.findByEventId(this.tenant, eventId).orElseThrow().eventType()).isEqualTo("order.placed");
		assertThat(this.events.findByEventId(other, eventId).orElseThrow().eventType()).isEqualTo("order.shipped");
		assertThat(rowsWithEventId(eventId)).isEqualTo(2);
	}

	@Test
	void eightConcurrentCopiesOfTheSameEventAreStoredExactlyOnce() throws Exception {
		String eventId = TestData.unique("evt");
		int threads = 8;
		CyclicBarrier start = new CyclicBarrier(threads);
		List<Future<Optional<UUID>>> results = new ArrayList<>();

		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return this.events.insertIfAbsent(this.tenant, TestData.newEvent(eventId, "order.placed"));
				}));
			}
		}

		List<Optional<UUID>> outcomes = new ArrayList<>();
		for (Future<Optional<UUID>> result : results) {
			outcomes.add(result.get());
		}
		assertThat(outcomes).filteredOn(Optional::isPresent).singleElement()
			.isEqualTo(Optional.of(this.events.findByEventId(this.tenant, eventId).orElseThrow().id()));
		assertThat(rowsWithEventId(eventId)).isOne();
	}

	@Test
	void aDeliveryBatchLoadsItsEventsByRowId() {
		UUID first = this.data.event(this.tenant, TestData.unique("evt"));
		UUID second = this.data.event(this.tenant, TestData.unique("evt"));
		this.data.event(this.tenant, TestData.unique("evt"));

		assertThat(this.events.findAll(this.tenant, List.of(first, second, UUID.randomUUID())))
			.containsOnlyKeys(first, second)
			.allSatisfy((id, event) -> assertThat(event.id()).isEqualTo(id));
		assertThat(this.events.findAll(this.tenant, List.of())).isEmpty();
	}

	@Test
	void anUnknownEventIdIsNotFound() {
		assertThat(this.events.findByEventId(this.tenant, TestData.unique("evt"))).isEmpty();
	}

	private int rowsWithEventId(String eventId) {
		return this.data.jdbc.sql("select count(*) from events where event_id = :eventId")
			.param("eventId", eventId)
			.query(Integer.class)
			.single();
	}

}
