package dev.herald.functions.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.herald.channels.DeliveryResult;
import dev.herald.db.delivery.DeliveryRepository.Attempt;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.status.ProviderStatus;
import dev.herald.db.status.StatusEventRepository.StatusEvent;
import dev.herald.db.suppression.SuppressionRepository.NewSuppression;
import dev.herald.db.suppression.SuppressionRepository.Reason;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.db.webhook.WebhookRepository.NewEndpoint;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.DeliveryBatchReport;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.ScriptedEmail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SES events applied to deliveries sent through SES (the scripted channel answers as the SES channel does: provider
 * {@code ses}, SES's MessageId), and the suppressions they lead to, at fan-out and at send time.
 */
class ProviderStatusManagementIntegrationTests {

	private static final Backoff NO_WAIT = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.0);

	private static final String CUSTOMER_EMAIL = "minji.kim@example.com";

	private final Fixtures fixtures = new Fixtures();

	private final ScriptedEmail email = new ScriptedEmail();

	private final PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMinutes(5));

	private final ProviderStatusManagement status = this.fixtures.providerStatus;

	private DeliveryProcessor processor;

	private Tenant tenant;

	@BeforeEach
	void tenantSendingOrderEmailsThroughSes() {
		this.fixtures.clearQueue();
		this.tenant = tenantWithOrderEmails();
		this.email.answer((message) -> new DeliveryResult.Delivered("ses", sesMessageId(message.deliveryId())));
		this.processor = this.fixtures.processor(List.of(this.email), NO_WAIT);
	}

	@AfterEach
	void close() {
		this.processor.close();
	}

	@Test
	void aHardBounceSuppressesTheAddressAndTheNextEventsEmailIsSkippedWithTheReason() {
		DeliveryView sent = sendOrder(this.tenant);

		StatusReport report = this.status.applySes(this.tenant.id(), ses("bounce-permanent", sent));

		assertThat(report).isEqualTo(new StatusReport.Applied(sent.id(), ProviderStatus.BOUNCED, true,
				List.of(CUSTOMER_EMAIL)));
		DeliveryView bounced = view(sent);
		assertThat(bounced.state()).as("the provider accepted it").isEqualTo(DeliveryState.DELIVERED);
		assertThat(bounced.outcome()).isEqualTo(ProviderStatus.BOUNCED);
		assertThat(bounced.status()).isEqualTo("bounced");
		DeliveryView next = only(post(this.tenant));
		assertThat(next.state()).isEqualTo(DeliveryState.SKIPPED);
		assertThat(next.lastError()).startsWith("the address is suppressed: hard bounce reported by ses")
			.contains("smtp; 550 5.1.1 user unknown");
		assertThat(this.email.sent).hasSize(1);
	}

	@Test
	void theTenantsWebhookEndpointsAreToldOfTheSendTheBounceOnceAndTheSkippedNextEmail() {
		WebhookRepository webhooks = this.fixtures.webhooks;
		UUID endpoint = webhooks.create(this.tenant.id(), new NewEndpoint("https://hooks.shop.example/herald", null,
				List.of(), true, false), "whsec_YQ==").id();
		UUID disabled = webhooks.create(this.tenant.id(), new NewEndpoint("https://hooks.shop.example/off", null,
				List.of(), false, false), "whsec_YQ==").id();
		DeliveryView sent = sendOrder(this.tenant);

		this.status.applySes(this.tenant.id(), ses("bounce-permanent", sent));
		this.status.applySes(this.tenant.id(), ses("bounce-permanent", sent));
		DeliveryView skipped = only(post(this.tenant));

		assertThat(webhooks.messages(this.tenant.id(), endpoint, 10))
			.extracting(WebhookRepository.Message::deliveryId, WebhookRepository.Message::eventType)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(sent.id(), "delivery.sent"),
					org.assertj.core.groups.Tuple.tuple(sent.id(), "delivery.bounced"),
					org.assertj.core.groups.Tuple.tuple(skipped.id(), "delivery.skipped"));
		assertThat(webhooks.messages(this.tenant.id(), endpoint, 10))
			.filteredOn((message) -> message.eventType().equals("delivery.skipped"))
			.singleElement()
			.satisfies((message) -> assertThat(message.payload()).contains("the address is suppressed"));
		assertThat(webhooks.messages(this.tenant.id(), disabled, 10)).isEmpty();
	}

	@Test
	void aComplaintSuppressesTheAddressToo() {
		DeliveryView sent = sendOrder(this.tenant);

		this.status.applySes(this.tenant.id(), ses("complaint", sent));

		assertThat(view(sent).status()).isEqualTo("complained");
		assertThat(only(post(this.tenant)).lastError()).startsWith("the address is suppressed: complaint reported by ses");
		assertThat(this.fixtures.suppressions.find(this.tenant.id(), "email", CUSTOMER_EMAIL))
			.hasValueSatisfying((s) -> {
				assertThat(s.reason()).isEqualTo(Reason.COMPLAINT);
				assertThat(s.deliveryId()).isEqualTo(sent.id());
			});
	}

	@Test
	void aSoftBounceDoesNotSuppressAndTheNextEmailIsSent() {
		DeliveryView sent = sendOrder(this.tenant);

		StatusReport report = this.status.applySes(this.tenant.id(), ses("bounce-transient", sent));

		assertThat(report).isEqualTo(new StatusReport.Applied(sent.id(), ProviderStatus.SOFT_BOUNCED, true, List.of()));
		assertThat(this.fixtures.suppressions.find(this.tenant.id(), "email", CUSTOMER_EMAIL)).isEmpty();
		DeliveryView next = sendOrder(this.tenant);
		assertThat(next.state()).isEqualTo(DeliveryState.DELIVERED);
		assertThat(this.email.sent).hasSize(2);
	}

	@Test
	void deliveryThenOpenThenClickLeavesTheOutcomeClickedWithAHistoryOfThree() {
		DeliveryView sent = sendOrder(this.tenant);

		this.status.applySes(this.tenant.id(), ses("delivery", sent));
		this.status.applySes(this.tenant.id(), ses("open", sent));
		this.status.applySes(this.tenant.id(), ses("click", sent));

		assertThat(view(sent).outcome()).isEqualTo(ProviderStatus.CLICKED);
		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), sent.id())).extracting(StatusEvent::status)
			.containsExactly(ProviderStatus.DELIVERED, ProviderStatus.OPENED, ProviderStatus.CLICKED);
	}

	@Test
	void aDeliveryReportedAfterTheClickDoesNotMoveTheOutcomeBack() {
		DeliveryView sent = sendOrder(this.tenant);
		this.status.applySes(this.tenant.id(), ses("click", sent));

		StatusReport late = this.status.applySes(this.tenant.id(), ses("delivery", sent));

		assertThat(late).isEqualTo(new StatusReport.Applied(sent.id(), ProviderStatus.DELIVERED, false, List.of()));
		assertThat(view(sent).outcome()).isEqualTo(ProviderStatus.CLICKED);
		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), sent.id())).hasSize(2);
	}

	@Test
	void theSameSesEventTwiceIsOneHistoryEntry() {
		DeliveryView sent = sendOrder(this.tenant);
		String bounce = ses("bounce-permanent", sent);
		this.status.applySes(this.tenant.id(), bounce);

		StatusReport again = this.status.applySes(this.tenant.id(), bounce);

		assertThat(again).isEqualTo(new StatusReport.Duplicate(sent.id()));
		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), sent.id())).hasSize(1);
		assertThat(this.fixtures.meters.counter("herald.deliveries.status", "provider", "ses", "outcome", "bounced",
				"matched", "true").count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void anEventForAnUnknownMessageIsKeptAsUnmatchedWithTheReason() {
		StatusReport report = this.status.applySes(this.tenant.id(),
				SesSamples.about("bounce-permanent", "never-sent-by-herald", CUSTOMER_EMAIL));

		assertThat(report).isInstanceOfSatisfying(StatusReport.Unmatched.class,
				(unmatched) -> assertThat(unmatched.reason()).contains("never-sent-by-herald"));
		assertThat(this.fixtures.statusEvents.unmatched(this.tenant.id(), 10)).singleElement().satisfies((event) -> {
			assertThat(event.status()).isEqualTo(ProviderStatus.BOUNCED);
			assertThat(event.unmatchedReason()).contains("never-sent-by-herald");
		});
		assertThat(this.fixtures.suppressions.find(this.tenant.id(), "email", CUSTOMER_EMAIL)).isEmpty();
	}

	@Test
	void aMessageWhoseIdWasNotRecordedIsMatchedByHeraldsDeliveryTag() {
		DeliveryView sent = sendOrder(this.tenant);
		String tagged = SesSamples.about("delivery", "id-ses-reported-later", CUSTOMER_EMAIL)
			.replace("\"ses:configuration-set\": [", "\"herald-delivery-id\": [\"" + sent.id() + "\"],\n"
					+ "      \"ses:configuration-set\": [");

		assertThat(this.status.applySes(this.tenant.id(), tagged)).isInstanceOf(StatusReport.Applied.class);

		assertThat(view(sent).outcome()).isEqualTo(ProviderStatus.DELIVERED);
	}

	@Test
	void oneTenantsBounceNeverSuppressesForAnotherTenant() {
		Tenant other = tenantWithOrderEmails();
		DeliveryView othersDelivery = sendOrder(other);
		sendOrder(this.tenant);

		// This tenant reports a bounce naming the other tenant's message: it matches nothing of this tenant's.
		StatusReport report = this.status.applySes(this.tenant.id(), ses("bounce-permanent", othersDelivery));

		assertThat(report).isInstanceOf(StatusReport.Unmatched.class);
		assertThat(view(other, othersDelivery).outcome()).isNull();
		assertThat(this.fixtures.suppressions.find(other.id(), "email", CUSTOMER_EMAIL)).isEmpty();
		assertThat(sendOrder(other).state()).isEqualTo(DeliveryState.DELIVERED);

		DeliveryView own = sendOrder(this.tenant);
		this.status.applySes(this.tenant.id(), ses("bounce-permanent", own));
		assertThat(only(post(this.tenant)).state()).isEqualTo(DeliveryState.SKIPPED);
		assertThat(sendOrder(other).state()).as("the other tenant still sends").isEqualTo(DeliveryState.DELIVERED);
	}

	@Test
	void anAddressSuppressedAfterFanOutIsSkippedAtSendTimeWithTheReason() {
		String eventId = post(this.tenant);
		this.fixtures.suppressions.add(this.tenant.id(),
				new NewSuppression("email", "minji.kim@EXAMPLE.com", Reason.COMPLAINT, "ses", null, null));

		DeliveryBatchReport report = this.processor.process(this.queue.claim(10));

		assertThat(report.skipped()).isEqualTo(1);
		DeliveryView skipped = only(eventId);
		assertThat(skipped.state()).isEqualTo(DeliveryState.SKIPPED);
		assertThat(skipped.lastError()).startsWith("the address is suppressed: complaint reported by ses");
		assertThat(this.fixtures.deliveries.attempts(this.tenant.id(), skipped.id())).extracting(Attempt::outcome)
			.containsExactly("suppressed");
		assertThat(this.email.sent).isEmpty();
	}

	private Tenant tenantWithOrderEmails() {
		Tenant tenant = this.fixtures.tenant();
		this.fixtures.emailTemplate(tenant, "order-placed", "order.placed", "en", "Order {{ data.orderNumber }}",
				null, "Thank you for order {{ data.orderNumber }}");
		this.fixtures.subscribe(tenant, "order.placed", "order-placed", List.of("email"));
		return tenant;
	}

	private DeliveryView sendOrder(Tenant tenant) {
		String eventId = post(tenant);
		this.processor.process(this.queue.claim(10));
		DeliveryView view = this.fixtures.deliveries.findByEventId(tenant.id(), eventId).getFirst();
		return view;
	}

	private String post(Tenant tenant) {
		String eventId = "evt-" + UUID.randomUUID();
		this.fixtures.ingest(this.queue)
			.apply(new IngestRequest(tenant.id(), SampleEvents.json(EventType.ORDER_PLACED, eventId), "api", null));
		return eventId;
	}

	private DeliveryView only(String eventId) {
		return this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId).getFirst();
	}

	private DeliveryView view(DeliveryView delivery) {
		return view(this.tenant, delivery);
	}

	private DeliveryView view(Tenant tenant, DeliveryView delivery) {
		return this.fixtures.deliveries.find(tenant.id(), delivery.id()).orElseThrow();
	}

	private static String ses(String sample, DeliveryView delivery) {
		return SesSamples.about(sample, delivery.providerMessageId(), CUSTOMER_EMAIL);
	}

	private static String sesMessageId(UUID deliveryId) {
		return "0100019" + deliveryId.toString().replace("-", "") + "-000000";
	}

}
