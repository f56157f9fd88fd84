package dev.herald.db.delivery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.db.delivery.DeliveryRepository.Attempt;
import dev.herald.db.delivery.DeliveryRepository.Claim;
import dev.herald.db.delivery.DeliveryRepository.Completion;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DeliveryRepositoryIntegrationTests {

	private final TestData data = new TestData();

	private final DeliveryRepository deliveries = this.data.deliveries;

	private final TenantId tenant = this.data.tenant().id();

	private final String eventId = TestData.unique("evt");

	private final UUID event = this.data.event(this.tenant, this.eventId);

	private final UUID subscription = this.data.subscription(this.tenant, "order.placed").id();

	@Test
	void fanningOutTheSameEventTwiceCreatesEachDeliveryOnce() {
		NewDelivery ana = to("ana@example.com");
		assertThat(this.deliveries.insertAll(List.of(ana, to("bo@example.com")))).isEqualTo(2);

		int inserted = this.deliveries.insertAll(
				List.of(to("ana@example.com"), to("bo@example.com"), to("cy@example.com"), to("cy@example.com")));

		assertThat(inserted).isOne();
		assertThat(this.deliveries.findByEventId(this.tenant, this.eventId)).extracting(DeliveryView::recipient)
			.containsExactlyInAnyOrder("ana@example.com", "bo@example.com", "cy@example.com");
		assertThat(this.deliveries.find(this.tenant, ana.id())).isPresent();
	}

	@Test
	void unclaimedAreTheEventsPendingDeliveriesNoWorkerHasTakenYet() {
		NewDelivery waiting = to("ana@example.com");
		NewDelivery taken = to("bo@example.com");
		this.deliveries.insertAll(List.of(waiting, taken));
		this.data.claim(this.tenant, taken.id());

		assertThat(this.deliveries.unclaimed(this.tenant, this.event)).singleElement().satisfies((delivery) -> {
			assertThat(delivery.id()).isEqualTo(waiting.id());
			assertThat(delivery.recipient()).isEqualTo("ana@example.com");
		});
	}

	@Test
	void nothingToInsertInsertsNothing() {
		assertThat(this.deliveries.insertAll(List.of())).isZero();
	}

	@Test
	void theSameRecipientOnAnotherChannelIsAnotherDelivery() {
		NewDelivery email = to("ana@example.com");
		NewDelivery push = new NewDelivery(UUID.randomUUID(), this.tenant, this.event, this.subscription, "push",
				"ana@example.com", null, null, "order-placed", DeliveryState.PENDING, 3, null);

		assertThat(this.deliveries.insertAll(List.of(email, push))).isEqualTo(2);
	}

	@Test
	void aDeliveryCreatedSkippedShowsWhy() {
		NewDelivery skipped = new NewDelivery(UUID.randomUUID(), this.tenant, this.event, this.subscription, "sms",
				"(none)", null, null, "order-placed", DeliveryState.SKIPPED, 3, "the customer has no phone number");

		this.deliveries.insertAll(List.of(skipped));

		DeliveryView view = this.deliveries.find(this.tenant, skipped.id()).orElseThrow();
		assertThat(view.state()).isEqualTo(DeliveryState.SKIPPED);
		assertThat(view.lastError()).isEqualTo("the customer has no phone number");
		assertThat(view.attempts()).isZero();
	}

	@Test
	void aDeliveryIsShownWithItsEvent() {
		NewDelivery delivery = to("ana@example.com");
		this.deliveries.insertAll(List.of(delivery));

		DeliveryView view = this.deliveries.find(this.tenant, delivery.id()).orElseThrow();

		assertThat(view.tenantId()).isEqualTo(this.tenant);
		assertThat(view.eventId()).isEqualTo(this.eventId);
		assertThat(view.eventType()).isEqualTo("order.placed");
		assertThat(view.channel()).isEqualTo("email");
		assertThat(view.recipient()).isEqualTo("ana@example.com");
		assertThat(view.templateKey()).isEqualTo("order-placed");
		assertThat(view.state()).isEqualTo(DeliveryState.PENDING);
		assertThat(view.attempts()).isZero();
		assertThat(view.maxAttempts()).isEqualTo(3);
		assertThat(view.nextAttemptAt()).isNotNull();
		assertThat(view.createdAt()).isNotNull();
		assertThat(view.deliveredAt()).isNull();
		assertThat(this.deliveries.find(this.tenant, UUID.randomUUID())).isEmpty();
	}

	@Test
	void aSuccessfulAttemptMarksTheDeliveryDeliveredAndRecordsExactlyOneAttempt() {
		UUID delivery = insert("ana@example.com");
		Claim claim = this.data.claim(this.tenant, delivery);
		Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant finished = started.plusMillis(87);

		boolean completed = this.deliveries.complete(claim, new Completion(DeliveryState.DELIVERED, "delivered", null,
				null, "smtp", "<d1@herald.example>", started, finished, 87));

		assertThat(completed).isTrue();
		DeliveryView view = this.deliveries.find(this.tenant, delivery).orElseThrow();
		assertThat(view.state()).isEqualTo(DeliveryState.DELIVERED);
		assertThat(view.attempts()).isOne();
		assertThat(view.provider()).isEqualTo("smtp");
		assertThat(view.providerMessageId()).isEqualTo("<d1@herald.example>");
		assertThat(view.deliveredAt()).isNotNull();
		assertThat(view.lastError()).isNull();
		assertThat(this.data.deliveryColumn(delivery, "claim_token")).isNull();
		assertThat(this.data.deliveryColumn(delivery, "lease_until")).isNull();
		assertThat(this.deliveries.attempts(this.tenant, delivery))
			.containsExactly(new Attempt(1, started, finished, "delivered", 87, "smtp", null));
	}

	@Test
	void aFailedAttemptSchedulesTheRetryAndKeepsTheError() {
		UUID delivery = insert("ana@example.com");
		Claim claim = this.data.claim(this.tenant, delivery);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant retryAt = now.plusSeconds(120);

		assertThat(this.deliveries.complete(claim, new Completion(DeliveryState.RETRYING, "retry_later", retryAt,
				"421 try again later", "smtp", null, now, now.plusMillis(30), 30)))
			.isTrue();

		DeliveryView view = this.deliveries.find(this.tenant, delivery).orElseThrow();
		assertThat(view.state()).isEqualTo(DeliveryState.RETRYING);
		assertThat(view.nextAttemptAt()).isEqualTo(retryAt);
		assertThat(view.lastError()).isEqualTo("421 try again later");
		assertThat(view.deliveredAt()).isNull();
		assertThat(this.deliveries.attempts(this.tenant, delivery)).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo("retry_later");
			assertThat(attempt.error()).isEqualTo("421 try again later");
		});
	}

	@Test
	void eachAttemptOfADeliveryIsRecordedInOrder() {
		UUID delivery = insert("ana@example.com");
		Instant now = Instant.now();
		this.deliveries.complete(this.data.claim(this.tenant, delivery), new Completion(DeliveryState.RETRYING,
				"retry_later", now.plusSeconds(1), "busy", "smtp", null, now, now, 10));
		this.deliveries.complete(this.data.claim(this.tenant, delivery), new Completion(DeliveryState.DELIVERED,
				"delivered", null, null, "smtp", "<m@x>", now, now, 20));

		assertThat(this.deliveries.attempts(this.tenant, delivery)).extracting(Attempt::attempt, Attempt::outcome)
			.containsExactly(tuple(1, "retry_later"),
					tuple(2, "delivered"));
		assertThat(this.deliveries.find(this.tenant, delivery).orElseThrow().attempts()).isEqualTo(2);
	}

	@Test
	void aCompletionWithAWrongClaimTokenChangesNothing() {
		UUID delivery = insert("ana@example.com");
		Claim claim = this.data.claim(this.tenant, delivery);
		Claim wrong = new Claim(this.tenant, delivery, UUID.randomUUID(), claim.attempt());

		assertThat(this.deliveries.complete(wrong, delivered())).isFalse();

		assertStillSending(delivery, claim);
	}

	@Test
	void aWorkerWhoseLeaseWasTakenOverCannotOverwriteTheNewClaim() {
		UUID delivery = insert("ana@example.com");
		Claim stale = this.data.claim(this.tenant, delivery);
		Claim current = this.data.claim(this.tenant, delivery);

		assertThat(this.deliveries.complete(stale, delivered())).isFalse();
		assertStillSending(delivery, current);

		assertThat(this.deliveries.complete(current, delivered())).isTrue();
		assertThat(this.deliveries.attempts(this.tenant, delivery)).singleElement()
			.satisfies((attempt) -> assertThat(attempt.attempt()).isEqualTo(2));
	}

	@Test
	void aDeliveryThatIsNoLongerSendingCannotBeCompleted() {
		UUID delivery = insert("ana@example.com");
		Claim claim = this.data.claim(this.tenant, delivery);
		this.data.jdbc.sql("update deliveries set state = 'pending' where id = :id").param("id", delivery).update();

		assertThat(this.deliveries.complete(claim, delivered())).isFalse();

		assertThat(this.deliveries.find(this.tenant, delivery).orElseThrow().state()).isEqualTo(DeliveryState.PENDING);
		assertThat(this.deliveries.attempts(this.tenant, delivery)).isEmpty();
	}

	@Test
	void completingTheSameClaimTwiceRecordsOnlyTheFirstOutcome() {
		UUID delivery = insert("ana@example.com");
		Claim claim = this.data.claim(this.tenant, delivery);
		Instant now = Instant.now();

		assertThat(this.deliveries.complete(claim, delivered())).isTrue();
		assertThat(this.deliveries.complete(claim, new Completion(DeliveryState.DEAD_LETTERED, "rejected", null,
				"550 no such user", "smtp", null, now, now, 5)))
			.isFalse();

		assertThat(this.deliveries.find(this.tenant, delivery).orElseThrow().state())
			.isEqualTo(DeliveryState.DELIVERED);
		assertThat(this.deliveries.attempts(this.tenant, delivery)).singleElement()
			.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo("delivered"));
	}

	@Test
	void replayingADeadLetteredDeliveryQueuesItAgainWithFreshAttempts() {
		UUID delivery = insert("ana@example.com");
		deadLetter(delivery);
		Instant beforeReplay = Instant.now();

		assertThat(this.deliveries.replay(this.tenant, delivery)).isTrue();

		DeliveryView view = this.deliveries.find(this.tenant, delivery).orElseThrow();
		assertThat(view.state()).isEqualTo(DeliveryState.PENDING);
		assertThat(view.attempts()).isZero();
		assertThat(view.lastError()).isNull();
		assertThat(view.nextAttemptAt()).isBefore(beforeReplay.plusSeconds(5));
		assertThat(this.deliveries.attempts(this.tenant, delivery)).as("the history stays").hasSize(1);
	}

	@Test
	void onlyDeadLetteredDeliveriesCanBeReplayed() {
		UUID pending = insert("pending@example.com");
		UUID sending = insert("sending@example.com");
		this.data.claim(this.tenant, sending);
		UUID delivered = insert("delivered@example.com");
		this.deliveries.complete(this.data.claim(this.tenant, delivered), delivered());

		assertThat(this.deliveries.replay(this.tenant, pending)).isFalse();
		assertThat(this.deliveries.replay(this.tenant, sending)).isFalse();
		assertThat(this.deliveries.replay(this.tenant, delivered)).isFalse();
		assertThat(this.deliveries.replay(this.tenant, UUID.randomUUID())).isFalse();

		assertThat(this.deliveries.find(this.tenant, sending).orElseThrow()).satisfies((view) -> {
			assertThat(view.state()).isEqualTo(DeliveryState.SENDING);
			assertThat(view.attempts()).isOne();
		});
		assertThat(this.deliveries.find(this.tenant, delivered).orElseThrow().state())
			.isEqualTo(DeliveryState.DELIVERED);
	}

	@Test
	void deliveriesAreCountedByStateForTheTenantOnly() {
		insert("a@example.com");
		insert("b@example.com");
		this.deliveries.complete(this.data.claim(this.tenant, insert("c@example.com")), delivered());
		deadLetter(insert("d@example.com"));
		TenantId other = this.data.tenant().id();
		this.data.delivery(other);

		assertThat(this.deliveries.countByState(this.tenant)).isEqualTo(Map.of(DeliveryState.PENDING, 2L,
				DeliveryState.DELIVERED, 1L, DeliveryState.DEAD_LETTERED, 1L));
		assertThat(this.deliveries.countByState(other)).isEqualTo(Map.of(DeliveryState.PENDING, 1L));
	}

	@Test
	void recentDeliveriesComeNewestFirstUpToTheLimit() {
		UUID first = insert("first@example.com");
		UUID second = insert("second@example.com");
		UUID third = insert("third@example.com");

		assertThat(this.deliveries.recent(this.tenant, 2)).extracting(DeliveryView::id).containsExactly(third, second);
		assertThat(this.deliveries.recent(this.tenant, 10)).extracting(DeliveryView::id)
			.containsExactly(third, second, first);
	}

	@Test
	void anEventIsKnownEvenBeforeItHasDeliveries() {
		assertThat(this.deliveries.eventExists(this.tenant, this.eventId)).isTrue();
		assertThat(this.deliveries.findByEventId(this.tenant, this.eventId)).isEmpty();
		assertThat(this.deliveries.eventExists(this.tenant, TestData.unique("evt"))).isFalse();
	}

	private void assertStillSending(UUID delivery, Claim claim) {
		DeliveryView view = this.deliveries.find(this.tenant, delivery).orElseThrow();
		assertThat(view.state()).isEqualTo(DeliveryState.SENDING);
		assertThat(view.attempts()).isEqualTo(claim.attempt());
		assertThat(view.provider()).isNull();
		assertThat(view.deliveredAt()).isNull();
		assertThat(this.data.deliveryColumn(delivery, "claim_token")).isEqualTo(claim.claimToken());
		assertThat(this.deliveries.attempts(this.tenant, delivery)).isEmpty();
	}

	private void deadLetter(UUID delivery) {
		Instant now = Instant.now();
		assertThat(this.deliveries.complete(this.data.claim(this.tenant, delivery), new Completion(
				DeliveryState.DEAD_LETTERED, "rejected", null, "550 no such user", "smtp", null, now, now, 5)))
			.isTrue();
	}

	private static Completion delivered() {
		Instant now = Instant.now();
		return new Completion(DeliveryState.DELIVERED, "delivered", null, null, "smtp", "<m@herald.example>", now,
				now, 12);
	}

	private NewDelivery to(String recipient) {
		return TestData.newDelivery(this.tenant, this.event, this.subscription, recipient);
	}

	private UUID insert(String recipient) {
		NewDelivery delivery = to(recipient);
		this.deliveries.insertAll(List.of(delivery));
		return delivery.id();
	}

}
