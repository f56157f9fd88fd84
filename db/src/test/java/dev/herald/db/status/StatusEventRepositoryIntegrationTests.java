package dev.herald.db.status;

import java.time.Instant;
import java.util.UUID;

import dev.herald.db.status.StatusEventRepository.NewStatusEvent;
import dev.herald.db.status.StatusEventRepository.Recorded;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StatusEventRepositoryIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

	private final TestData data = new TestData();

	private final StatusEventRepository status = new StatusEventRepository(this.data.jdbc);

	private final TenantId tenant = this.data.tenant().id();

	private final UUID delivery = this.data.delivery(this.tenant);

	@Test
	void theOutcomeFollowsTheMostTellingReportAndAnOutOfOrderDeliveredDoesNotGoBack() {
		acceptedByTheProvider();
		assertThat(this.data.deliveries.find(this.tenant, this.delivery).orElseThrow().status()).isEqualTo("sent");

		assertThat(record("open", ProviderStatus.OPENED, 2)).isEqualTo(Recorded.OUTCOME_CHANGED);
		assertThat(record("click", ProviderStatus.CLICKED, 3)).isEqualTo(Recorded.OUTCOME_CHANGED);
		assertThat(record("delivery", ProviderStatus.DELIVERED, 1)).isEqualTo(Recorded.RECORDED);

		var view = this.data.deliveries.find(this.tenant, this.delivery).orElseThrow();
		assertThat(view.outcome()).isEqualTo(ProviderStatus.CLICKED);
		assertThat(view.outcomeAt()).isEqualTo(T0.plusSeconds(3));
		assertThat(view.status()).isEqualTo("clicked");
		assertThat(this.status.history(this.tenant, this.delivery)).extracting(StatusEventRepository.StatusEvent::status)
			.containsExactly(ProviderStatus.DELIVERED, ProviderStatus.OPENED, ProviderStatus.CLICKED);
	}

	@Test
	void aBounceAfterDeliveredWins() {
		record("delivery", ProviderStatus.DELIVERED, 1);

		assertThat(record("bounce", ProviderStatus.BOUNCED, 2)).isEqualTo(Recorded.OUTCOME_CHANGED);

		assertThat(this.data.deliveries.find(this.tenant, this.delivery).orElseThrow().outcome())
			.isEqualTo(ProviderStatus.BOUNCED);
	}

	@Test
	void theSameEventTwiceIsRecordedOnce() {
		record("delivery-1", ProviderStatus.DELIVERED, 1);

		assertThat(record("delivery-1", ProviderStatus.DELIVERED, 1)).isEqualTo(Recorded.DUPLICATE);

		assertThat(this.status.history(this.tenant, this.delivery)).hasSize(1);
	}

	@Test
	void anUnmatchedEventIsKeptWithItsReasonAndPayload() {
		Recorded recorded = this.status.record(this.tenant, new NewStatusEvent(null, "ses", "lost-1", "unknown-id",
				ProviderStatus.BOUNCED, T0, "bob@example.com", "Permanent/General",
				"no delivery of this tenant has SES message id unknown-id", "{\"eventType\":\"Bounce\"}"));

		assertThat(recorded).isEqualTo(Recorded.RECORDED);
		assertThat(this.status.unmatched(this.tenant, 10)).singleElement().satisfies((event) -> {
			assertThat(event.unmatchedReason()).contains("unknown-id");
			assertThat(event.deliveryId()).isNull();
		});
	}

	@Test
	void anEventMustNameADeliveryOrSayWhyNoneMatched() {
		assertThatIllegalArgumentException().isThrownBy(() -> new NewStatusEvent(null, "ses", "k", null,
				ProviderStatus.SENT, T0, null, null, null, null));
	}

	@Test
	void aDeliveryIsFoundByItsProvidersMessageIdOnlyForThatProvider() {
		this.data.jdbc.sql("update deliveries set provider = 'twilio', provider_message_id = 'SM1' where id = :id")
			.param("id", this.delivery)
			.update();

		assertThat(this.status.findByProviderMessageId(this.tenant, "twilio", "SM1")).hasValueSatisfying(
				(found) -> assertThat(found.id()).isEqualTo(this.delivery));
		assertThat(this.status.findByProviderMessageId(this.tenant, "ses", "SM1")).isEmpty();
	}

	private void acceptedByTheProvider() {
		Instant now = Instant.now();
		this.data.deliveries.complete(this.data.claim(this.tenant, this.delivery),
				new dev.herald.db.delivery.DeliveryRepository.Completion(dev.herald.db.delivery.DeliveryState.DELIVERED,
						"delivered", null, null, "ses", "msg-1", now, now, 5));
	}

	@Test
	void aDeliveryNotAcceptedByAProviderShowsItsStateWhateverWasReported() {
		record("send-answer", ProviderStatus.FAILED, 1);

		var view = this.data.deliveries.find(this.tenant, this.delivery).orElseThrow();
		assertThat(view.outcome()).isEqualTo(ProviderStatus.FAILED);
		assertThat(view.status()).isEqualTo("pending");
	}

	private Recorded record(String key, ProviderStatus status, int second) {
		return this.status.record(this.tenant, new NewStatusEvent(this.delivery, "ses", key, "msg-1", status,
				T0.plusSeconds(second), "ana@example.com", null, null, null));
	}

}
