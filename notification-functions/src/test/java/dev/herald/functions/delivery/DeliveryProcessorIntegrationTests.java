package dev.herald.functions.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import dev.herald.channels.Channel;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.OutboundMessage;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.ScriptedEmail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery path over the real database and renderer. The channel here is a scripted stand-in: real SMTP is
 * covered by the channel's own tests and end to end.
 */
class DeliveryProcessorIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Backoff NO_WAIT = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.0);

	private final Fixtures fixtures = new Fixtures();

	private final ScriptedEmail email = new ScriptedEmail();

	private final PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMinutes(5));

	private DeliveryProcessor processor;

	private Tenant tenant;

	@BeforeEach
	void tenantWithAnOrderEmail() {
		this.fixtures.clearQueue();
		this.tenant = this.fixtures.tenant();
		this.fixtures.emailTemplate(this.tenant, "order-placed", "order.placed", "en",
				"Order {{ data.orderNumber }} confirmed",
				"<p>Hello {{ customer.name }}, order {{ data.orderId }}: {{ data.totals.total }} {{ data.totals.currency }}</p>",
				"Hello {{ customer.name }}, order {{ data.orderId }}: {{ data.totals.total }} {{ data.totals.currency }}");
		this.fixtures.subscribe(this.tenant, "order.placed", "order-placed", List.of("email"));
		this.processor = this.fixtures.processor(List.of(this.email), NO_WAIT);
	}

	@AfterEach
	void close() {
		this.processor.close();
	}

	@Test
	void aDeliveredMessageCarriesTheRenderedEventAndIsRecordedWithTheProviderAnswer() {
		String eventId = post(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));
		ObjectNode data = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED)).get("data");

		DeliveryBatchReport report = this.processor.process(this.queue.claim(10));

		assertThat(report.delivered()).isEqualTo(1);
		OutboundMessage sent = this.email.sent.getFirst();
		assertThat(sent.subject()).isEqualTo("Order " + data.get("orderNumber").asString() + " confirmed");
		assertThat(sent.textBody()).contains(data.get("customer").get("name").asString())
			.contains(data.get("orderId").asString())
			.contains(data.get("totals").get("total").asString());
		assertThat(sent.htmlBody()).startsWith("<p>Hello ");
		assertThat(sent.to()).isEqualTo(data.get("customer").get("email").asString());
		DeliveryView delivery = only(eventId);
		assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED);
		assertThat(delivery.providerMessageId()).isEqualTo("msg-" + sent.deliveryId());
		assertThat(this.fixtures.deliveries.attempts(this.tenant.id(), delivery.id())).singleElement()
			.satisfies((attempt) -> {
				assertThat(attempt.outcome()).isEqualTo("delivered");
				assertThat(attempt.provider()).isEqualTo("scripted");
			});
	}

	@Test
	void transientFailuresAreRetriedWithBackoffUntilTheTenantsMaxAttemptsThenDeadLettered() {
		this.fixtures.tenants.updateMaxAttempts(this.tenant.id(), 3);
		this.email.answer((message) -> new DeliveryResult.RetryLater("scripted", "421 try again later", null));
		String eventId = post(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));

		this.processor.process(this.queue.claim(10));
		DeliveryView afterFirst = only(eventId);
		assertThat(afterFirst.state()).isEqualTo(DeliveryState.RETRYING);
		assertThat(afterFirst.nextAttemptAt()).isAfter(afterFirst.updatedAt().plusMillis(900));
		assertThat(this.queue.claim(10)).as("not due before its backoff").isEmpty();
		for (int attempt = 2; attempt <= 3; attempt++) {
			this.fixtures.makeDue(this.tenant);
			this.processor.process(this.queue.claim(10));
		}

		DeliveryView delivery = only(eventId);
		assertThat(delivery.state()).isEqualTo(DeliveryState.DEAD_LETTERED);
		assertThat(delivery.lastError()).isEqualTo("gave up after 3 attempts: 421 try again later");
		assertThat(this.fixtures.deliveries.attempts(this.tenant.id(), delivery.id())).hasSize(3)
			.extracting("outcome")
			.containsOnly("retry_later");
		assertThat(this.email.sent).hasSize(3);
	}

	@Test
	void aPermanentRejectionIsDeadLetteredAtOnceWithTheProvidersReason() {
		this.email.answer((message) -> new DeliveryResult.Rejected("scripted", "550 no such user"));
		String eventId = post(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));

		this.processor.process(this.queue.claim(10));

		DeliveryView delivery = only(eventId);
		assertThat(delivery.state()).isEqualTo(DeliveryState.DEAD_LETTERED);
		assertThat(delivery.lastError()).isEqualTo("550 no such user");
		assertThat(delivery.attempts()).isEqualTo(1);
	}

	@Test
	void aDeadLetterCanBeReplayedAndThenDelivered() {
		this.email.answer((message) -> new DeliveryResult.Rejected("scripted", "550 mailbox full"));
		String eventId = post(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));
		this.processor.process(this.queue.claim(10));
		this.email.answer((message) -> new DeliveryResult.Delivered("scripted", "ok"));

		assertThat(this.fixtures.deliveries.replay(this.tenant.id(), only(eventId).id())).isTrue();
		this.processor.process(this.queue.claim(10));

		assertThat(only(eventId).state()).isEqualTo(DeliveryState.DELIVERED);
	}

	@Test
	void aTemplateThatCannotRenderDeadLettersItsDeliveryWithTheReasonAndDoesNotStopOthers() {
		this.fixtures.emailTemplate(this.tenant, "broken", "order.placed", "en", "Broken {% for x in %}",
				null, "text");
		this.fixtures.subscribe(this.tenant, "order.placed", "broken", List.of("email"));
		String eventId = post(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));

		DeliveryBatchReport report = this.processor.process(this.queue.claim(10));

		assertThat(report.delivered()).isEqualTo(1);
		assertThat(report.deadLettered()).isEqualTo(1);
		DeliveryView broken = this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId)
			.stream()
			.filter((d) -> d.templateKey().equals("broken"))
			.findFirst()
			.orElseThrow();
		assertThat(broken.state()).isEqualTo(DeliveryState.DEAD_LETTERED);
		assertThat(broken.lastError()).startsWith("template 'broken' (email, en, version 1) failed to render its subject");
		assertThat(this.fixtures.deliveries.attempts(this.tenant.id(), broken.id())).singleElement()
			.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo("render_failed"));
	}

	@Test
	void theRecipientsLocaleIsUsedWhenTheTenantHasItAndTheTenantDefaultOtherwise() {
		this.fixtures.emailTemplate(this.tenant, "order-placed", "order.placed", "ko", "주문 {{ data.orderNumber }} 확인",
				null, "안녕하세요 {{ customer.name }}님");
		ObjectNode korean = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));
		((ObjectNode) korean.get("data").get("customer")).put("locale", "ko-KR");
		ObjectNode german = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));
		((ObjectNode) german.get("data").get("customer")).put("locale", "de-DE");
		post(korean.toString());
		post(german.toString());

		this.processor.process(this.queue.claim(10));

		assertThat(this.email.sent).extracting(OutboundMessage::subject)
			.anySatisfy((subject) -> assertThat(subject).startsWith("주문 "))
			.anySatisfy((subject) -> assertThat(subject).startsWith("Order "));
	}

	@Test
	void aMissingTemplateDeadLettersWithTheLocalesTried() {
		this.fixtures.subscribe(this.tenant, "order.placed", "no-such-template", List.of("email"));
		String eventId = post(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));

		this.processor.process(this.queue.claim(10));

		assertThat(this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId))
			.filteredOn((d) -> d.templateKey().equals("no-such-template"))
			.singleElement()
			.satisfies((d) -> assertThat(d.lastError()).startsWith("no published template 'no-such-template' for channel email in locales"));
	}

	@Test
	void aChannelThatThrowsLeadsToARetryNotALostDelivery() {
		this.email.answer((message) -> {
			throw new IllegalStateException("bug in provider");
		});
		String eventId = post(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));

		DeliveryBatchReport report = this.processor.process(this.queue.claim(10));

		assertThat(report.retrying()).isEqualTo(1);
		assertThat(only(eventId).lastError()).contains("bug in provider");
	}

	@Test
	void hostileCustomerDataIsEscapedInTheHtmlBody() {
		ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED, "evt-" + UUID.randomUUID()));
		((ObjectNode) event.get("data").get("customer")).put("name", "<script>alert(1)</script>");
		post(event.toString());

		this.processor.process(this.queue.claim(10));

		OutboundMessage sent = this.email.sent.getFirst();
		assertThat(sent.htmlBody()).doesNotContain("<script>").contains("&lt;script&gt;");
		assertThat(sent.textBody()).contains("<script>alert(1)</script>");
	}

	private String post(String body) {
		this.fixtures.ingest(this.queue).apply(new IngestRequest(this.tenant.id(), body, "api", null));
		return JSON.readTree(body).get("id").asString();
	}

	private DeliveryView only(String eventId) {
		return this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId).getFirst();
	}

}
