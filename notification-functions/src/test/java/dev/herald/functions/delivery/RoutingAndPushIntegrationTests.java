package dev.herald.functions.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.ProviderSettings;
import dev.herald.db.delivery.DeliveryRepository.Attempt;
import dev.herald.db.delivery.DeliveryRepository.DeliveryView;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.device.DeviceRepository.Device;
import dev.herald.db.provider.ProviderConfigRepository.NewProviderConfig;
import dev.herald.db.template.TemplateRepository.TemplateDraft;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.support.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's own providers on the delivery path: failover order, sealed credentials, sending rates, and push to every
 * registered device. The providers are stand-ins created through the provider SPI; each real provider is tested
 * against its service's wire format in the channels module.
 */
class RoutingAndPushIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Backoff QUICK = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.0);

	private final Fixtures fixtures = new Fixtures();

	private final PostgresDeliveryQueue queue = this.fixtures.queue(Duration.ofMinutes(5));

	private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

	private final List<ProviderSettings> created = new CopyOnWriteArrayList<>();

	private DeliveryProcessor processor;

	private Tenant tenant;

	private String customerId;

	@BeforeEach
	void tenantWithShipmentTemplates() {
		this.fixtures.clearQueue();
		this.tenant = this.fixtures.tenant();
		this.customerId = JSON.readTree(SampleEvents.json(EventType.SHIPMENT_DISPATCHED)).get("data").get("customer")
			.get("id").asString();
		this.fixtures.templates.publishNewVersion(this.tenant.id(), new TemplateDraft("shipped", "shipment.dispatched",
				"sms", "en", null, null, "Shipped with {{ data.carrier }}: {{ data.trackingNumber }}"), "test");
		this.fixtures.templates.publishNewVersion(this.tenant.id(), new TemplateDraft("shipped", "shipment.dispatched",
				"push", "en", "On its way", null, "Order {{ data.orderId }} shipped", "{{ data.trackingUrl }}"),
				"test");
		this.processor = this.fixtures.processor(List.of(new StandInChannel("default-push", ChannelType.PUSH,
				(settings, message) -> message.device().token().startsWith("gone-browser")
						// What the Web Push provider answers a 410 Gone with.
						? new DeliveryResult.Rejected("webpush", "subscription is gone: HTTP 410 Gone",
								DeliveryResult.Cause.ADDRESS_GONE)
						: message.device().token().startsWith("gone")
						? new DeliveryResult.Rejected("default-push", "Unregistered", DeliveryResult.Cause.ADDRESS_GONE)
						: new DeliveryResult.Delivered("default-push", "p-" + message.deliveryId()), null)),
				List.of(provider("flaky", (settings, message) -> new DeliveryResult.RetryLater("flaky", "503 Service Unavailable", null)),
						provider("steady", (settings, message) -> new DeliveryResult.Delivered("steady",
								"s-" + settings.secrets().get("apiKey").length())),
						provider("broken", null),
						provider("stopped", (settings, message) -> new DeliveryResult.Rejected("stopped",
								"Twilio answered HTTP 400, error 21610: Attempt to send to unsubscribed recipient",
								DeliveryResult.Cause.OPTED_OUT))),
				QUICK);
	}

	@AfterEach
	void close() {
		this.processor.close();
	}

	@Test
	void theTenantsProvidersAreTriedInOrderAndAFailingOneFailsOverWithEveryCallRecorded() {
		providers(new NewProviderConfig("flaky", true, Map.of(), Map.of(), null, null),
				new NewProviderConfig("steady", true, Map.of("region", "eu"), Map.of("apiKey", "sealed-api-key"), null, null));
		String eventId = post("sms");

		this.processor.process(this.queue.claim(10));

		DeliveryView delivery = only(eventId, "sms");
		assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED);
		assertThat(delivery.provider()).isEqualTo("steady");
		assertThat(delivery.providerMessageId()).isEqualTo("s-" + "sealed-api-key".length());
		assertThat(this.fixtures.deliveries.attempts(this.tenant.id(), delivery.id()))
			.extracting(Attempt::attempt, Attempt::provider, Attempt::outcome, Attempt::error)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, "flaky", "retry_later", "503 Service Unavailable"),
					org.assertj.core.groups.Tuple.tuple(1, "steady", "delivered", null));
		assertThat(this.created).filteredOn((settings) -> settings.providerId().equals("steady"))
			.singleElement()
			.satisfies((settings) -> {
				assertThat(settings.values()).containsEntry("region", "eu");
				assertThat(settings.secrets()).containsEntry("apiKey", "sealed-api-key");
			});
	}

	@Test
	void aProviderThatCannotBeCreatedSaysWhyOnTheDeliveryAndIsRetried() {
		providers(new NewProviderConfig("broken", true, Map.of(), Map.of(), null, null));
		String eventId = post("sms");

		this.processor.process(this.queue.claim(10));

		DeliveryView delivery = only(eventId, "sms");
		assertThat(delivery.state()).isEqualTo(DeliveryState.RETRYING);
		assertThat(delivery.lastError()).isEqualTo("misconfigured: provider broken needs the setting 'accountSid'");
	}

	@Test
	void deliveriesOverTheSendingRateWaitInTheQueueWithoutUsingAttemptsAndAllArrive() {
		providers(new NewProviderConfig("steady", true, Map.of(), Map.of("apiKey", "k"), 2.0, 1));
		List<String> events = List.of(post("sms"), post("sms"), post("sms"));

		DeliveryBatchReport first = this.processor.process(this.queue.claim(10));

		assertThat(first.delivered()).isEqualTo(1);
		assertThat(first.throttled()).isEqualTo(2);
		List<DeliveryView> waiting = events.stream().map((id) -> only(id, "sms"))
			.filter((d) -> d.state() != DeliveryState.DELIVERED).toList();
		assertThat(waiting).hasSize(2).allSatisfy((d) -> {
			assertThat(d.state()).isEqualTo(DeliveryState.PENDING);
			assertThat(d.attempts()).isZero();
			assertThat(d.nextAttemptAt()).isAfter(Instant.now());
		});
		Instant deadline = Instant.now().plusSeconds(10);
		while (events.stream().anyMatch((id) -> only(id, "sms").state() != DeliveryState.DELIVERED)
				&& Instant.now().isBefore(deadline)) {
			this.processor.process(this.queue.claim(10));
		}
		assertThat(events).allSatisfy((id) -> {
			DeliveryView delivery = only(id, "sms");
			assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED);
			assertThat(delivery.attempts()).isEqualTo(1);
		});
		List<Instant> sentAt = events.stream().map((id) -> only(id, "sms").deliveredAt()).sorted().toList();
		assertThat(Duration.between(sentAt.getFirst(), sentAt.getLast()))
			.as("three messages at two a second, burst one, take about a second")
			.isGreaterThanOrEqualTo(Duration.ofMillis(900));
	}

	@Test
	void aPushGoesToEveryRegisteredDeviceAndADeviceThePushServiceForgotIsRemoved() {
		Device browser = this.fixtures.devices.register(this.tenant.id(), this.customerId, "webpush",
				"https://push.example/ep/1", Map.of("p256dh", "BKey", "auth", "authSecret"));
		Device gone = this.fixtures.devices.register(this.tenant.id(), this.customerId, "fcm", "gone-token", Map.of());
		String eventId = post("push");

		this.processor.process(this.queue.claim(10));

		List<DeliveryView> deliveries = this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId);
		assertThat(deliveries).extracting(DeliveryView::recipient)
			.containsExactlyInAnyOrder(browser.id().toString(), gone.id().toString());
		assertThat(deliveries).filteredOn((d) -> d.recipient().equals(browser.id().toString())).singleElement()
			.satisfies((d) -> assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED));
		assertThat(deliveries).filteredOn((d) -> d.recipient().equals(gone.id().toString())).singleElement()
			.satisfies((d) -> {
				assertThat(d.state()).isEqualTo(DeliveryState.DEAD_LETTERED);
				assertThat(d.lastError()).isEqualTo("Unregistered");
			});
		assertThat(this.fixtures.devices.list(this.tenant.id(), this.customerId)).extracting(Device::id)
			.containsExactly(browser.id());
		OutboundMessage toBrowser = this.sent.stream().filter((m) -> m.device().platform().equals("webpush"))
			.findFirst().orElseThrow();
		String trackingUrl = JSON.readTree(SampleEvents.json(EventType.SHIPMENT_DISPATCHED)).get("data")
			.get("trackingUrl").asString();
		assertThat(toBrowser.subject()).isEqualTo("On its way");
		assertThat(toBrowser.textBody()).startsWith("Order ").endsWith(" shipped");
		assertThat(toBrowser.data()).containsEntry("url", trackingUrl);
		assertThat(toBrowser.device().keys()).containsEntry("p256dh", "BKey").containsEntry("auth", "authSecret");
		assertThat(toBrowser.to()).isEqualTo("https://push.example/ep/1");
	}

	@Test
	void aPushServicesAnswersAreInTheDeliveryStatusHistoryAGoneSubscriptionAsFailed() {
		Device browser = this.fixtures.devices.register(this.tenant.id(), this.customerId, "webpush",
				"https://push.example/ep/2", Map.of("p256dh", "BKey", "auth", "authSecret"));
		Device gone = this.fixtures.devices.register(this.tenant.id(), this.customerId, "webpush",
				"gone-browser-subscription", Map.of("p256dh", "BKey", "auth", "authSecret"));
		String eventId = post("push");

		this.processor.process(this.queue.claim(10));

		List<DeliveryView> deliveries = this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId);
		DeliveryView toGone = deliveries.stream().filter((d) -> d.recipient().equals(gone.id().toString()))
			.findFirst().orElseThrow();
		DeliveryView toBrowser = deliveries.stream().filter((d) -> d.recipient().equals(browser.id().toString()))
			.findFirst().orElseThrow();
		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), toGone.id())).singleElement()
			.satisfies((event) -> {
				assertThat(event.status()).isEqualTo(dev.herald.db.status.ProviderStatus.FAILED);
				assertThat(event.provider()).isEqualTo("webpush");
				assertThat(event.detail()).isEqualTo(
						"address gone: subscription is gone: HTTP 410 Gone; the device was forgotten");
			});
		assertThat(toGone.outcome()).isEqualTo(dev.herald.db.status.ProviderStatus.FAILED);
		assertThat(this.fixtures.statusEvents.history(this.tenant.id(), toBrowser.id())).singleElement()
			.satisfies((event) -> {
				assertThat(event.status()).isEqualTo(dev.herald.db.status.ProviderStatus.SENT);
				assertThat(event.providerMessageId()).isEqualTo("p-" + toBrowser.id());
			});
		assertThat(toBrowser.status()).isEqualTo("sent");
	}

	@Test
	void anSmsLongerThanTheTenantAllowsIsRefusedWithTheReasonOrCutToFitAsTheTenantChose() {
		providers(new NewProviderConfig("steady", true, Map.of(), Map.of("apiKey", "k"), null, null));
		this.fixtures.templates.publishNewVersion(this.tenant.id(), new TemplateDraft("shipped", "shipment.dispatched",
				"sms", "en", null, null, "Shipped. " + "Lorem ipsum dolor sit amet. ".repeat(20)), "test");
		String refused = post("sms");
		this.processor.process(this.queue.claim(10));
		this.fixtures.tenants.updateSmsPolicy(this.tenant.id(), 3, "truncate");
		String cut = post("sms");
		this.processor.process(this.queue.claim(10));

		assertThat(only(refused, "sms")).satisfies((d) -> {
			assertThat(d.state()).isEqualTo(DeliveryState.DEAD_LETTERED);
			assertThat(d.lastError()).isEqualTo("the SMS is too long: needs 4 SMS parts; at most 3 allowed");
		});
		assertThat(only(cut, "sms").state()).isEqualTo(DeliveryState.DELIVERED);
		OutboundMessage sms = this.sent.getLast();
		assertThat(sms.textBody()).startsWith("Shipped. Lorem").endsWith("...");
		assertThat(dev.herald.channels.sms.SmsText.measure(sms.textBody()).segments()).isEqualTo(3);
	}

	@Test
	void aNumberTheProviderSaysOptedOutIsSuppressedAndTheNextSmsSkippedWithTheReason() {
		providers(new NewProviderConfig("stopped", true, Map.of(), Map.of(), null, null));
		String refused = post("sms");
		this.processor.process(this.queue.claim(10));

		String next = post("sms");

		assertThat(only(refused, "sms").state()).isEqualTo(DeliveryState.DEAD_LETTERED);
		assertThat(only(next, "sms")).satisfies((d) -> {
			assertThat(d.state()).isEqualTo(DeliveryState.SKIPPED);
			assertThat(d.lastError()).startsWith("the address is suppressed: opted out reported by stopped")
				.contains("21610");
		});
	}

	@Test
	void aCustomerWithoutDevicesGetsASkippedPushWithTheReason() {
		String eventId = post("push");

		assertThat(only(eventId, "push")).satisfies((d) -> {
			assertThat(d.state()).isEqualTo(DeliveryState.SKIPPED);
			assertThat(d.lastError()).isEqualTo("the customer has no registered push device");
		});
	}

	private void providers(NewProviderConfig... configs) {
		this.fixtures.transactions.executeWithoutResult(
				(status) -> this.fixtures.providerConfigs.replace(this.tenant.id(), "sms", List.of(configs)));
	}

	private String post(String channel) {
		this.fixtures.subscriptions.list(this.tenant.id()).stream().findAny().ifPresentOrElse((s) -> {
		}, () -> this.fixtures.subscribe(this.tenant, "shipment.dispatched", "shipped", List.of(channel)));
		String eventId = "evt-" + UUID.randomUUID();
		this.fixtures.ingest(this.queue).apply(new IngestRequest(this.tenant.id(),
				SampleEvents.json(EventType.SHIPMENT_DISPATCHED, eventId), "api", null));
		return eventId;
	}

	private DeliveryView only(String eventId, String channel) {
		return this.fixtures.deliveries.findByEventId(this.tenant.id(), eventId).stream()
			.filter((d) -> d.channel().equals(channel)).findFirst().orElseThrow();
	}

	private ChannelProvider provider(String id, BiFunction<ProviderSettings, OutboundMessage, DeliveryResult> answer) {
		return new ChannelProvider() {

			@Override
			public String id() {
				return id;
			}

			@Override
			public ChannelType channel() {
				return ChannelType.SMS;
			}

			@Override
			public Set<String> requiredSettings() {
				return Set.of();
			}

			@Override
			public Set<String> requiredSecrets() {
				return Set.of();
			}

			@Override
			public Channel create(ProviderSettings settings) {
				RoutingAndPushIntegrationTests.this.created.add(settings);
				if (answer == null) {
					settings.required("accountSid");
				}
				return new StandInChannel(id, ChannelType.SMS, answer, settings);
			}

		};
	}

	/** A provider's channel answering as the test says, remembering what it sent. */
	private final class StandInChannel implements Channel {

		private final String name;

		private final ChannelType type;

		private final BiFunction<ProviderSettings, OutboundMessage, DeliveryResult> answer;

		private final ProviderSettings settings;

		StandInChannel(String name, ChannelType type, BiFunction<ProviderSettings, OutboundMessage, DeliveryResult> answer,
				ProviderSettings settings) {
			this.name = name;
			this.type = type;
			this.answer = answer;
			this.settings = settings;
		}

		@Override
		public ChannelType type() {
			return this.type;
		}

		@Override
		public String provider() {
			return this.name;
		}

		@Override
		public DeliveryResult send(OutboundMessage message) {
			RoutingAndPushIntegrationTests.this.sent.add(message);
			return this.answer.apply(this.settings, message);
		}

	}

}
