package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.herald.channels.DeliveryResult;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.status.ProviderStatus;
import dev.herald.db.status.StatusEventRepository;
import dev.herald.db.status.StatusEventRepository.StatusEvent;
import dev.herald.db.suppression.SuppressionRepository.Reason;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.status.ProviderStatusManagement;
import dev.herald.functions.status.SesSamples;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.ScriptedEmail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code providerStatusSns} called as Lambda calls it, with SES event records as a configuration set's SNS destination
 * publishes them, over the real database: deliveries sent through SES (the scripted channel answers as the SES
 * channel does, with SES's MessageId) get their history and suppressions.
 */
class ProviderStatusSnsFunctionIntegrationTests {

	private static final Backoff NO_WAIT = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.0);

	private static final String CUSTOMER_EMAIL = "minji.kim@example.com";

	private final Fixtures fixtures = new Fixtures();

	private final ScriptedEmail email = new ScriptedEmail();

	private final PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMinutes(5));

	private DeliveryProcessor processor;

	private Tenant tenant;

	private String topic;

	private ProviderStatusSnsFunction providerStatusSns;

	@BeforeEach
	void tenantSendingOrderEmailsThroughSesWithItsOwnEventTopic() {
		this.fixtures.clearQueue();
		this.tenant = tenantWithOrderEmails();
		this.topic = topicOf(this.tenant);
		this.email.answer((message) -> new DeliveryResult.Delivered("ses",
				"0100019" + message.deliveryId().toString().replace("-", "") + "-000000"));
		this.processor = this.fixtures.processor(List.of(this.email), NO_WAIT);
		this.providerStatusSns = function(this.fixtures.providerStatus, this.topic + "=" + this.tenant.slug());
	}

	@AfterEach
	void close() {
		this.processor.close();
	}

	@Test
	void anSesBounceOnTheTenantsTopicIsInTheDeliverysHistoryAndSuppressesTheAddress() {
		DeliveryView sent = sendOrder(this.tenant);

		ProviderStatusReport report = this.providerStatusSns
			.apply(sns(this.topic, SesSamples.about("bounce-permanent", sent.providerMessageId(), CUSTOMER_EMAIL)));

		assertThat(report.records()).singleElement().satisfies((record) -> {
			assertThat(record.result()).isEqualTo("applied");
			assertThat(record.deliveryId()).isEqualTo(sent.id());
			assertThat(record.detail()).isEqualTo(ProviderStatus.BOUNCED.id());
		});
		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), sent.id())).singleElement()
			.satisfies((event) -> {
				assertThat(event.status()).isEqualTo(ProviderStatus.BOUNCED);
				assertThat(event.provider()).isEqualTo("ses");
			});
		assertThat(this.fixtures.suppressions.find(this.tenant.id(), "email", CUSTOMER_EMAIL))
			.hasValueSatisfying((suppression) -> assertThat(suppression.reason()).isEqualTo(Reason.HARD_BOUNCE));
		assertThat(this.fixtures.meters
			.counter("herald.deliveries.status", "provider", "ses", "outcome", "bounced", "matched", "true")
			.count()).isEqualTo(1.0);
	}

	@Test
	void theSameRecordDeliveredTwiceIsOneHistoryEntry() {
		DeliveryView sent = sendOrder(this.tenant);
		SNSEvent event = sns(this.topic, SesSamples.about("delivery", sent.providerMessageId(), CUSTOMER_EMAIL));
		this.providerStatusSns.apply(event);

		ProviderStatusReport again = this.providerStatusSns.apply(event);

		assertThat(again.records()).singleElement().satisfies((record) -> {
			assertThat(record.result()).isEqualTo("duplicate");
			assertThat(record.deliveryId()).isEqualTo(sent.id());
		});
		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), sent.id())).extracting(StatusEvent::status)
			.containsExactly(ProviderStatus.DELIVERED);
	}

	@Test
	void aRecordFromATopicMappedToNoTenantFailsTheInvocationAndNothingIsApplied() {
		DeliveryView sent = sendOrder(this.tenant);
		String unmapped = "arn:aws:sns:eu-west-1:123456789012:someone-elses-ses-events";

		assertThatExceptionOfType(ProviderStatusSnsFunction.UnknownTopicException.class)
			.isThrownBy(() -> this.providerStatusSns.apply(
					sns(unmapped, SesSamples.about("bounce-permanent", sent.providerMessageId(), CUSTOMER_EMAIL))))
			.withMessageContaining(unmapped);

		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), sent.id())).isEmpty();
		assertThat(this.fixtures.suppressions.find(this.tenant.id(), "email", CUSTOMER_EMAIL)).isEmpty();
		assertThat(this.fixtures.statusEvents.unmatched(this.tenant.id(), 10)).isEmpty();
	}

	@Test
	void aTopicMappedToATenantThatDoesNotExistFailsTheInvocation() {
		String topic = "arn:aws:sns:eu-west-1:123456789012:herald-ses-events-gone";
		ProviderStatusSnsFunction function = function(this.fixtures.providerStatus, topic + "=no-such-tenant-x");

		assertThatExceptionOfType(ProviderStatusSnsFunction.UnknownTopicException.class)
			.isThrownBy(() -> function.apply(sns(topic, SesSamples.json("delivery"))))
			.withMessageContaining("'no-such-tenant-x', which does not exist");
	}

	@Test
	void theOtherRecordsAreAppliedBeforeAnUnmappedOneFailsTheInvocation() {
		DeliveryView sent = sendOrder(this.tenant);
		SNSEvent event = new SNSEvent().withRecords(List.of(
				record("arn:aws:sns:eu-west-1:123456789012:unmapped", SesSamples.json("delivery")),
				record(this.topic, SesSamples.about("delivery", sent.providerMessageId(), CUSTOMER_EMAIL))));

		assertThatExceptionOfType(ProviderStatusSnsFunction.UnknownTopicException.class)
			.isThrownBy(() -> this.providerStatusSns.apply(event));

		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), sent.id())).hasSize(1);
	}

	@Test
	void aMessageThatIsNotAnSesEventIsReportedInvalidCountedAndNotRetried() {
		ProviderStatusReport report = this.providerStatusSns
			.apply(sns(this.topic, SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID())));

		assertThat(report.records()).singleElement().satisfies((record) -> {
			assertThat(record.result()).isEqualTo("invalid");
			assertThat(record.detail()).contains("eventType");
		});
		assertThat(this.fixtures.statusEvents.unmatched(this.tenant.id(), 10)).isEmpty();
		assertThat(this.fixtures.meters
			.counter("herald.deliveries.status.unread", "provider", "ses", "outcome", "invalid")
			.count()).isEqualTo(1.0);
	}

	@Test
	void anEventOnOneTenantsTopicNeverTouchesAnotherTenantsDelivery() {
		Tenant other = tenantWithOrderEmails();
		DeliveryView othersDelivery = sendOrder(other);

		ProviderStatusReport report = this.providerStatusSns.apply(
				sns(this.topic, SesSamples.about("bounce-permanent", othersDelivery.providerMessageId(),
						CUSTOMER_EMAIL)));

		assertThat(report.records()).singleElement()
			.satisfies((record) -> assertThat(record.result()).isEqualTo("unmatched"));
		assertThat(this.fixtures.statusEvents.history(other.id(), othersDelivery.id())).isEmpty();
		assertThat(this.fixtures.suppressions.find(other.id(), "email", CUSTOMER_EMAIL)).isEmpty();
		assertThat(this.fixtures.statusEvents.unmatched(this.tenant.id(), 10)).hasSize(1);
	}

	@Test
	void aDatabaseFailureFailsTheInvocationSoLambdaRetries() {
		DeliveryView sent = sendOrder(this.tenant);
		DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/herald");
		JdbcClient broken = JdbcClient.create(unreachable);
		ProviderStatusManagement status = new ProviderStatusManagement(new StatusEventRepository(broken),
				new dev.herald.db.suppression.SuppressionRepository(broken),
				new dev.herald.db.webhook.WebhookRepository(broken, dev.herald.db.secret.SecretBox.withoutKey()),
				new TransactionTemplate(new DataSourceTransactionManager(unreachable)), this.fixtures.meters,
				Clock.systemUTC());
		ProviderStatusSnsFunction function = function(status, this.topic + "=" + this.tenant.slug());

		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> function
			.apply(sns(this.topic, SesSamples.about("bounce-permanent", sent.providerMessageId(), CUSTOMER_EMAIL))));

		// Once the database is back, the retry applies it.
		assertThat(this.providerStatusSns
			.apply(sns(this.topic, SesSamples.about("bounce-permanent", sent.providerMessageId(), CUSTOMER_EMAIL)))
			.records()).singleElement().satisfies((record) -> assertThat(record.result()).isEqualTo("applied"));
	}

	@Test
	void aMappingOfAnotherFormOrATopicMappedTwiceIsRefusedAtStart() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> function(this.fixtures.providerStatus, "arn:aws:sns:eu-west-1:123456789012:t"))
			.withMessageContaining("<SNS topic ARN>=<tenant slug>");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> function(this.fixtures.providerStatus, "https://example.com/topic=acme"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> function(this.fixtures.providerStatus, "arn:aws:sns:eu-west-1:123456789012:t=acme",
					"arn:aws:sns:eu-west-1:123456789012:t=globex"))
			.withMessageContaining("twice");
	}

	private ProviderStatusSnsFunction function(ProviderStatusManagement status, String... mappings) {
		return new ProviderStatusSnsFunction(status, this.fixtures.tenants, List.of(mappings), this.fixtures.meters);
	}

	private static String topicOf(Tenant tenant) {
		return "arn:aws:sns:eu-west-1:123456789012:herald-ses-events-" + tenant.slug();
	}

	private static SNSEvent sns(String topic, String message) {
		return new SNSEvent().withRecords(List.of(record(topic, message)));
	}

	/** As SNS hands a configuration set's notification to Lambda: no message attributes, SES's record as message. */
	private static SNSEvent.SNSRecord record(String topic, String message) {
		return new SNSEvent.SNSRecord().withEventSource("aws:sns")
			.withSns(new SNSEvent.SNS().withMessageId(UUID.randomUUID().toString())
				.withTopicArn(topic)
				.withType("Notification")
				.withMessage(message));
	}

	private Tenant tenantWithOrderEmails() {
		Tenant tenant = this.fixtures.tenant();
		this.fixtures.emailTemplate(tenant, "order-placed", "order.placed", "en", "Order {{ data.orderNumber }}",
				null, "Thank you for order {{ data.orderNumber }}");
		this.fixtures.subscribe(tenant, "order.placed", "order-placed", List.of("email"));
		return tenant;
	}

	private DeliveryView sendOrder(Tenant tenant) {
		String eventId = "evt-" + UUID.randomUUID();
		this.fixtures.ingest(this.queue)
			.apply(new IngestRequest(tenant.id(), SampleEvents.json(EventType.ORDER_PLACED, eventId), "api", null));
		this.processor.process(this.queue.claim(10));
		return this.fixtures.deliveries.findByEventId(tenant.id(), eventId).getFirst();
	}

}
