package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.tenant.Tenant;
import dev.herald.db.webhook.WebhookRepository.Attempt;
import dev.herald.db.webhook.WebhookRepository.Endpoint;
import dev.herald.db.webhook.WebhookRepository.Message;
import dev.herald.db.webhook.WebhookRepository.NewEndpoint;
import dev.herald.db.webhook.WebhookRepository.StatusChange;
import dev.herald.functions.FunctionsProperties.WebhookSettings;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.webhooks.WebhookOutbox;
import dev.herald.functions.webhooks.WebhookReceiver;
import dev.herald.functions.webhooks.WebhookReceiver.Received;
import dev.herald.functions.webhooks.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sendWebhooks} over the real database, to a local receiver (the endpoint-override flag lets an endpoint be a
 * plain-http local URL) that verifies signatures the way the Standard Webhooks spec does. The outbox is shared by
 * every tenant, so each test starts with no due message left by others.
 */
class SendWebhooksFunctionIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int BATCH = 2;

	private static final Duration MARGIN = Duration.ofSeconds(10);

	private final Fixtures fixtures = new Fixtures();

	private final WebhookReceiver receiver;

	private final WebhookOutbox outbox = WebhookOutbox.of(new WebhookSettings(BATCH, Duration.ofMinutes(2), 3,
			Duration.ofMinutes(1), 2.0, Duration.ofHours(1), 0.0, Duration.ofSeconds(2), Duration.ofSeconds(5), 1024),
			true, this.fixtures.webhooks, this.fixtures.meters, Clock.systemUTC());

	private Tenant tenant;

	private Endpoint endpoint;

	SendWebhooksFunctionIntegrationTests() throws Exception {
		this.receiver = new WebhookReceiver();
	}

	@BeforeEach
	void noDueMessagesOfOthersAndAnEndpointOnTheReceiver() {
		this.fixtures.jdbc.sql("""
				update webhook_messages set state = 'failed', last_error = 'cleared by a test', lease_until = null,
				    claim_token = null
				where state = 'pending'
				""").update();
		this.tenant = this.fixtures.tenant();
		String secret = WebhookSignature.newSecret();
		this.receiver.secret(secret);
		this.endpoint = this.fixtures.webhooks.create(this.tenant.id(),
				new NewEndpoint(this.receiver.url(), "shop status", List.of(), true, false), secret);
	}

	@AfterEach
	void closeReceiver() {
		this.receiver.close();
	}

	@Test
	void anEnqueuedMessageIsSentSignedAndRecordedAsDelivered() throws Exception {
		UUID delivery = bounced(1).getFirst();

		SendWebhooksReport report = function(Optional.empty()).get();

		assertThat(report).isEqualTo(new SendWebhooksReport(1, 0, 0, 0, 1, "empty"));
		List<Received> received = this.receiver.received();
		assertThat(received).hasSize(1);
		assertThat(received.getFirst().verified()).as("signed with the endpoint's secret").isTrue();
		JsonNode body = JSON.readTree(received.getFirst().body());
		assertThat(body.get("type").asString()).isEqualTo("delivery.bounced");
		assertThat(body.get("data").get("deliveryId").asString()).isEqualTo(delivery.toString());
		Message message = messages().getFirst();
		assertThat(message.state()).isEqualTo("delivered");
		assertThat(received.getFirst().webhookId()).isEqualTo(WebhookSignature.webhookId(message.id()));
	}

	@Test
	void a500IsScheduledForRetryAndNotSentAgainInTheSameRun() {
		bounced(1);
		this.receiver.answer(500);

		SendWebhooksReport report = function(Optional.empty()).get();

		assertThat(report).isEqualTo(new SendWebhooksReport(0, 1, 0, 0, 1, "empty"));
		assertThat(this.receiver.received()).hasSize(1);
		Message message = messages().getFirst();
		assertThat(message.state()).isEqualTo("pending");
		assertThat(message.nextAttemptAt()).isAfter(Instant.now().plusSeconds(30));
		List<Attempt> attempts = this.fixtures.webhooks.attempts(this.tenant.id(), message.id());
		assertThat(attempts).extracting(Attempt::statusCode).containsExactly(500);
		assertThat(attempts).extracting(Attempt::outcome).containsExactly("retry_later");
	}

	@Test
	void aRefusingEndpointFailsTheMessageAtOnce() {
		bounced(1);
		this.receiver.answer(410);

		SendWebhooksReport report = function(Optional.empty()).get();

		assertThat(report).isEqualTo(new SendWebhooksReport(0, 0, 1, 0, 1, "empty"));
		assertThat(messages().getFirst().state()).isEqualTo("failed");
	}

	@Test
	void aRunWithoutTimeLeftBeyondItsMarginClaimsNothingAndTheNextRunSendsEveryMessageInBatches() {
		bounced(5);

		SendWebhooksReport late = function(Optional.of(MARGIN.minusMillis(1))).get();

		assertThat(late).isEqualTo(new SendWebhooksReport(0, 0, 0, 0, 0, "time"));
		assertThat(this.receiver.received()).isEmpty();
		assertThat(messages()).extracting(Message::attempts).containsOnly(0);

		SendWebhooksReport next = function(Optional.of(Duration.ofMinutes(1))).get();

		assertThat(next).isEqualTo(new SendWebhooksReport(5, 0, 0, 0, 3, "empty"));
		assertThat(this.receiver.received()).hasSize(5).allSatisfy((request) -> assertThat(request.verified()).isTrue());
		assertThat(messages()).extracting(Message::state).containsOnly("delivered");
	}

	@Test
	void aRunStopsStartingBatchesWhenItsBudgetIsSpent() {
		bounced(5);
		// Each answer takes a while: the first batch uses up the budget, so no second one starts.
		this.receiver.delay(Duration.ofMillis(600));

		SendWebhooksReport report = new SendWebhooksFunction(this.outbox, Optional::empty, Duration.ofMillis(300),
				MARGIN, Clock.systemUTC())
			.get();

		assertThat(report).isEqualTo(new SendWebhooksReport(BATCH, 0, 0, 0, 1, "time"));
		assertThat(this.receiver.received()).hasSize(BATCH);
		assertThat(messages()).extracting(Message::state).filteredOn("pending"::equals).hasSize(5 - BATCH);
	}

	private SendWebhooksFunction function(Optional<Duration> remaining) {
		return new SendWebhooksFunction(this.outbox, () -> remaining, Duration.ofSeconds(40), MARGIN,
				Clock.systemUTC());
	}

	/** Deliveries of the tenant reported bounced, each with its message in the outbox. */
	private List<UUID> bounced(int count) {
		List<UUID> deliveries = this.fixtures.pendingDeliveries(this.tenant, count);
		List<UUID> enqueued = new ArrayList<>();
		for (UUID delivery : deliveries) {
			int added = this.fixtures.webhooks.enqueue(this.tenant.id(), new StatusChange(delivery, "delivery.bounced",
					"bounced", "ses", "550 5.1.1 user unknown", Instant.now()));
			assertThat(added).isOne();
			enqueued.add(delivery);
		}
		return enqueued;
	}

	private List<Message> messages() {
		return this.fixtures.webhooks.messages(this.tenant.id(), this.endpoint.id(), 50);
	}

}
