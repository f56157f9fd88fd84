package dev.herald.db;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.delivery.DeliveryRepository.Claim;
import dev.herald.db.delivery.DeliveryRepository.Completion;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.event.EventRepository;
import dev.herald.db.event.RejectedEventRepository;
import dev.herald.db.event.RejectedEventRepository.Reason;
import dev.herald.db.subscription.SubscriptionRepository;
import dev.herald.db.template.TemplateRepository;
import dev.herald.db.template.TemplateRepository.TemplateContent;
import dev.herald.db.template.TemplateRepository.TemplateDraft;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import dev.herald.db.user.ConsoleUserRepository;
import dev.herald.db.user.ConsoleUserRepository.ConsoleUser;
import dev.herald.db.device.DeviceRepository;
import dev.herald.db.provider.ProviderConfigRepository;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.sns.SnsRepository;
import dev.herald.db.sns.SnsRepository.SubscriptionState;
import dev.herald.db.sns.SnsRepository.SubscriptionUpdate;
import dev.herald.db.snsapi.SnsAccessKeyRepository;
import dev.herald.db.snsapi.SnsTopicRepository;
import dev.herald.db.status.ProviderStatus;
import dev.herald.db.status.StatusEventRepository;
import dev.herald.db.status.StatusEventRepository.NewStatusEvent;
import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.suppression.SuppressionRepository.NewSuppression;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.db.webhook.WebhookRepository.EndpointChange;
import dev.herald.db.webhook.WebhookRepository.NewEndpoint;
import dev.herald.db.webhook.WebhookRepository.StatusChange;
import org.junit.jupiter.api.Test;

import static dev.herald.db.testing.ConstraintAssertions.assertRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tenant's rows are invisible and unchangeable with another tenant's id, through every repository method that
 * takes one, and the composite foreign keys keep rows from pointing into another tenant's data.
 */
class TenantIsolationIntegrationTests {

	/** Every tenant-scoped repository method, each exercised across tenants by a test of this class. */
	private static final Set<String> COVERED = Set.of("ApiKeyRepository.create", "ApiKeyRepository.list",
			"ApiKeyRepository.revoke", "ConsoleUserRepository.count", "ConsoleUserRepository.upsert",
			"DeliveryRepository.attempts", "DeliveryRepository.complete", "DeliveryRepository.countByState",
			"DeliveryRepository.eventExists", "DeliveryRepository.find", "DeliveryRepository.findByEventId",
			"DeliveryRepository.recent", "DeliveryRepository.replay", "EventRepository.findAll",
			"EventRepository.findByEventId", "EventRepository.insertIfAbsent", "RejectedEventRepository.recent",
			"RejectedEventRepository.save", "SubscriptionRepository.create", "SubscriptionRepository.findEnabled",
			"SubscriptionRepository.list", "TemplateRepository.findPublished", "TemplateRepository.publishNewVersion",
			"DeliveryRepository.release", "DeliveryRepository.unclaimed", "ProviderConfigRepository.replace", "ProviderConfigRepository.list",
			"ProviderConfigRepository.listAll", "ProviderConfigRepository.version", "ProviderConfigRepository.openSecrets", "DeviceRepository.register",
			"DeviceRepository.list", "DeviceRepository.find", "DeviceRepository.remove", "DeviceRepository.forget",
			"SnsRepository.allowTopic", "SnsRepository.removeTopic", "SnsRepository.topics", "SnsRepository.isAllowed",
			"SnsRepository.recordSubscription", "SnsRepository.subscriptions", "SnsRepository.seen",
			"SnsRepository.markSeen",
			"SnsAccessKeyRepository.create", "SnsAccessKeyRepository.list", "SnsAccessKeyRepository.revoke",
			"SnsTopicRepository.createIfAbsent", "SnsTopicRepository.find", "SnsTopicRepository.list",
			"SnsTopicRepository.subscribe", "SnsTopicRepository.subscriptions",
			"StatusEventRepository.record", "StatusEventRepository.findByProviderMessageId",
			"StatusEventRepository.findDelivery", "StatusEventRepository.history", "StatusEventRepository.unmatched",
			"SuppressionRepository.add", "SuppressionRepository.find", "SuppressionRepository.findAmong",
			"SuppressionRepository.list", "SuppressionRepository.remove", "WebhookRepository.create",
			"WebhookRepository.list", "WebhookRepository.find", "WebhookRepository.update", "WebhookRepository.delete",
			"WebhookRepository.rotateSecret", "WebhookRepository.enqueue", "WebhookRepository.messages",
			"WebhookRepository.attempts", "WebhookRepository.replay", "WebhookRepository.findMessage");

	private final TestData data = new TestData();

	private final TenantId a = this.data.tenant().id();

	private final TenantId b = this.data.tenant().id();

	@Test
	void everyTenantScopedRepositoryMethodIsCoveredHere() {
		Set<String> scoped = new TreeSet<>();
		Stream.of(ApiKeyRepository.class, ConsoleUserRepository.class, DeliveryRepository.class,
				EventRepository.class, RejectedEventRepository.class, SubscriptionRepository.class,
				TemplateRepository.class, ProviderConfigRepository.class, DeviceRepository.class, SnsRepository.class,
				SnsAccessKeyRepository.class, SnsTopicRepository.class, StatusEventRepository.class,
				SuppressionRepository.class, WebhookRepository.class)
			.flatMap((type) -> Arrays.stream(type.getDeclaredMethods()))
			.filter((method) -> Modifier.isPublic(method.getModifiers()) && takesATenant(method))
			.forEach((method) -> scoped.add(method.getDeclaringClass().getSimpleName() + "." + method.getName()));

		assertThat(scoped).as("add a cross-tenant test for each new tenant-scoped method")
			.containsExactlyInAnyOrderElementsOf(COVERED);
	}

	@Test
	void anotherTenantGetsNoneOfAnEventsUnclaimedDeliveries() {
		UUID event = this.data.event(this.a, TestData.unique("evt"));
		this.data.delivery(this.a, event);

		assertThat(this.data.deliveries.unclaimed(this.b, event)).isEmpty();
		assertThat(this.data.deliveries.unclaimed(this.a, event)).hasSize(1);
	}

	@Test
	void anotherTenantNeitherSeesNorRevokesAnApiKey() {
		ApiKeyRepository keys = new ApiKeyRepository(this.data.jdbc);
		byte[] hash = UUID.randomUUID().toString().getBytes();
		UUID key = keys.create(this.a, "production", "hk_live_ab", hash);
		keys.create(this.b, "b's own", "hk_live_cd", UUID.randomUUID().toString().getBytes());

		assertThat(keys.list(this.b)).extracting(ApiKeyRepository.ApiKey::name).containsExactly("b's own");
		assertThat(keys.revoke(this.b, key)).isFalse();
		assertThat(keys.findActiveByHash(hash)).hasValueSatisfying((found) -> {
			assertThat(found.tenantId()).isEqualTo(this.a);
			assertThat(found.revokedAt()).isNull();
		});
		assertThat(keys.list(this.a)).extracting(ApiKeyRepository.ApiKey::name).containsExactly("production");
	}

	@Test
	void anotherTenantCannotTakeOverOrChangeAConsoleUserByEmail() {
		ConsoleUserRepository users = new ConsoleUserRepository(this.data.jdbc);
		String email = TestData.unique("owner") + "@shop-a.example";
		users.upsert(this.a, email, "a-hash", "owner");
		ConsoleUser before = users.findByEmail(email).orElseThrow();

		users.upsert(this.b, email.toUpperCase(), "b-hash", "viewer");

		assertThat(users.findByEmail(email)).contains(before);
		assertThat(before.tenantId()).isEqualTo(this.a);
		assertThat(before.passwordHash()).isEqualTo("a-hash");
		assertThat(users.count(this.a)).isOne();
		assertThat(users.count(this.b)).isZero();
	}

	@Test
	void anotherTenantNeitherFindsNorOverwritesATemplateWithTheSameKey() {
		TemplateRepository templates = new TemplateRepository(this.data.jdbc);
		templates.publishNewVersion(this.a, draft("A's text"), "a@shop.example");
		templates.publishNewVersion(this.a, draft("A's better text"), "a@shop.example");

		assertThat(templates.findPublished(this.b, "order-placed", "email", List.of("en"))).isEmpty();
		assertThat(templates.publishNewVersion(this.b, draft("B's text"), "b@shop.example")).isOne();

		assertThat(templates.findPublished(this.a, "order-placed", "email", List.of("en")))
			.hasValueSatisfying((content) -> assertThat(content).extracting(TemplateContent::version,
					TemplateContent::bodyText).containsExactly(2, "A's better text"));
		assertThat(templates.findPublished(this.b, "order-placed", "email", List.of("en")))
			.hasValueSatisfying((content) -> assertThat(content).extracting(TemplateContent::version,
					TemplateContent::bodyText).containsExactly(1, "B's text"));
	}

	@Test
	void anotherTenantDoesNotSeeSubscriptions() {
		this.data.subscription(this.a, "order.placed");

		assertThat(this.data.subscriptions.list(this.b)).isEmpty();
		assertThat(this.data.subscriptions.findEnabled(this.b, "order.placed")).isEmpty();

		this.data.subscription(this.b, "order.shipped");
		assertThat(this.data.subscriptions.list(this.a)).extracting((s) -> s.eventType())
			.containsExactly("order.placed");
		assertThat(this.data.subscriptions.findEnabled(this.a, "order.shipped")).isEmpty();
	}

	@Test
	void anotherTenantDoesNotSeeEventsAndStoresItsOwnWithTheSameEventId() {
		UUID aRow = this.data.event(this.a, "order-1001-placed");

		assertThat(this.data.events.findByEventId(this.b, "order-1001-placed")).isEmpty();
		assertThat(this.data.events.findAll(this.b, List.of(aRow))).isEmpty();
		assertThat(this.data.deliveries.eventExists(this.b, "order-1001-placed")).isFalse();

		UUID bRow = this.data.event(this.b, "order-1001-placed");
		assertThat(bRow).isNotEqualTo(aRow);
		assertThat(this.data.events.findByEventId(this.a, "order-1001-placed").orElseThrow().id()).isEqualTo(aRow);
		assertThat(this.data.events.findAll(this.a, List.of(aRow, bRow))).containsOnlyKeys(aRow);
	}

	@Test
	void anotherTenantDoesNotSeeRejectedEvents() {
		RejectedEventRepository rejected = new RejectedEventRepository(this.data.jdbc);
		rejected.save(this.a, "api", "application/json", "{oops", false, List.of(new Reason("$", "not JSON")));

		assertThat(rejected.recent(this.b, 10)).isEmpty();
		rejected.save(this.b, "api", "application/json", "[]", false, List.of(new Reason("$", "not an object")));
		assertThat(rejected.recent(this.a, 10)).extracting(RejectedEventRepository.RejectedEvent::rawBody)
			.containsExactly("{oops");
	}

	@Test
	void anotherTenantDoesNotSeeDeliveriesTheirAttemptsOrCounts() {
		UUID delivery = this.data.delivery(this.a);
		complete(this.data.claim(this.a, delivery), DeliveryState.RETRYING);

		assertThat(this.data.deliveries.find(this.b, delivery)).isEmpty();
		assertThat(this.data.deliveries.recent(this.b, 50)).isEmpty();
		assertThat(this.data.deliveries.attempts(this.b, delivery)).isEmpty();
		assertThat(this.data.deliveries.countByState(this.b)).isEmpty();
		assertThat(this.data.deliveries.attempts(this.a, delivery)).hasSize(1);
		assertThat(this.data.deliveries.countByState(this.a)).containsExactly(Map.entry(DeliveryState.RETRYING, 1L));
	}

	@Test
	void findingDeliveriesByEventIdShowsOnlyTheTenantsOwnEventOfThatId() {
		UUID aDelivery = this.data.delivery(this.a, this.data.event(this.a, "order-1001-placed"));
		UUID bDelivery = this.data.delivery(this.b, this.data.event(this.b, "order-1001-placed"));

		assertThat(this.data.deliveries.findByEventId(this.a, "order-1001-placed"))
			.extracting(DeliveryRepository.DeliveryView::id)
			.containsExactly(aDelivery);
		assertThat(this.data.deliveries.findByEventId(this.b, "order-1001-placed"))
			.extracting(DeliveryRepository.DeliveryView::id)
			.containsExactly(bDelivery);
	}

	@Test
	void anotherTenantCannotReplayADeadLetteredDelivery() {
		UUID delivery = this.data.delivery(this.a);
		complete(this.data.claim(this.a, delivery), DeliveryState.DEAD_LETTERED);

		assertThat(this.data.deliveries.replay(this.b, delivery)).isFalse();

		var view = this.data.deliveries.find(this.a, delivery).orElseThrow();
		assertThat(view.state()).isEqualTo(DeliveryState.DEAD_LETTERED);
		assertThat(view.attempts()).isOne();
	}

	@Test
	void aClaimNamingAnotherTenantCannotCompleteADelivery() {
		UUID delivery = this.data.delivery(this.a);
		Claim claim = this.data.claim(this.a, delivery);
		Claim forged = new Claim(this.b, delivery, claim.claimToken(), claim.attempt());

		assertThat(complete(forged, DeliveryState.DELIVERED)).isFalse();

		assertThat(this.data.deliveries.find(this.a, delivery).orElseThrow().state())
			.isEqualTo(DeliveryState.SENDING);
		assertThat(this.data.deliveries.attempts(this.a, delivery)).isEmpty();
		assertThat(complete(claim, DeliveryState.DELIVERED)).isTrue();
	}

	@Test
	void aClaimNamingAnotherTenantCannotReleaseADelivery() {
		UUID delivery = this.data.delivery(this.a);
		Claim claim = this.data.claim(this.a, delivery);
		Claim forged = new Claim(this.b, delivery, claim.claimToken(), claim.attempt());

		assertThat(this.data.deliveries.release(forged, java.time.Instant.now(), "forged")).isFalse();

		assertThat(this.data.deliveries.find(this.a, delivery).orElseThrow().state()).isEqualTo(DeliveryState.SENDING);
		assertThat(this.data.deliveries.release(claim, java.time.Instant.now(), "rate")).isTrue();
		assertThat(this.data.deliveries.find(this.a, delivery).orElseThrow().state()).isEqualTo(DeliveryState.PENDING);
	}

	@Test
	void anotherTenantNeitherSeesNorReplacesProviderConfigurationsNorOpensTheirSecrets() {
		ProviderConfigRepository providers = new ProviderConfigRepository(this.data.jdbc,
				SecretBox.ofBase64Key(SecretBox.generateKey()));
		providers.replace(this.a, "sms", List.of(new ProviderConfigRepository.NewProviderConfig("twilio", true,
				java.util.Map.of("accountSid", "AC1"), java.util.Map.of("authToken", "a-secret-token-1234"), 5.0, 10)));
		long versionOfA = providers.version(this.a);

		providers.replace(this.b, "sms", List.of());

		assertThat(providers.list(this.b, "sms")).isEmpty();
		assertThat(providers.listAll(this.b)).isEmpty();
		assertThat(providers.version(this.a)).isEqualTo(versionOfA);
		ProviderConfigRepository.ProviderConfig config = providers.list(this.a, "sms").getFirst();
		assertThat(providers.openSecrets(config)).containsEntry("authToken", "a-secret-token-1234");
		ProviderConfigRepository.ProviderConfig movedToB = new ProviderConfigRepository.ProviderConfig(config.id(),
				this.b, config.channel(), config.provider(), config.priority(), config.enabled(), config.settings(),
				config.sealedSecrets(), config.secretHints(), config.ratePerSecond(), config.burst(), config.updatedAt());
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> providers.openSecrets(movedToB))
			.withMessageNotContaining("a-secret-token-1234");
	}

	@Test
	void anotherTenantNeitherSeesNorRemovesDevicesAndRegistersTheSameTokenAsItsOwn() {
		DeviceRepository devices = new DeviceRepository(this.data.jdbc);
		DeviceRepository.Device device = devices.register(this.a, "cus_1", "fcm", "token-1", java.util.Map.of());

		assertThat(devices.list(this.b, "cus_1")).isEmpty();
		assertThat(devices.find(this.b, device.id())).isEmpty();
		assertThat(devices.remove(this.b, "cus_1", device.id())).isFalse();
		assertThat(devices.forget(this.b, device.id())).isFalse();
		DeviceRepository.Device theirs = devices.register(this.b, "cus_1", "fcm", "token-1", java.util.Map.of());

		assertThat(theirs.id()).isNotEqualTo(device.id());
		assertThat(devices.list(this.a, "cus_1")).extracting(DeviceRepository.Device::id).containsExactly(device.id());
	}

	@Test
	void anotherTenantNeitherSeesNorRemovesAllowedTopicsSubscriptionsOrSeenMessages() {
		SnsRepository sns = new SnsRepository(this.data.jdbc);
		String topic = "arn:aws:sns:eu-west-1:123456789012:orders";
		sns.allowTopic(this.a, topic);
		sns.recordSubscription(this.a, new SubscriptionUpdate(topic, SubscriptionState.CONFIRMED, topic + ":sub-1",
				"msg-1", null, null));
		sns.markSeen(this.a, "msg-2", "Notification", topic);

		assertThat(sns.topics(this.b)).isEmpty();
		assertThat(sns.isAllowed(this.b, topic)).isFalse();
		assertThat(sns.removeTopic(this.b, topic)).isFalse();
		assertThat(sns.subscriptions(this.b)).isEmpty();
		assertThat(sns.seen(this.b, "msg-2")).isFalse();
		assertThat(sns.markSeen(this.b, "msg-2", "Notification", topic)).as("B's own message of that id").isTrue();
		assertThat(sns.allowTopic(this.b, topic)).as("B allows the same topic for itself").isTrue();
		sns.recordSubscription(this.b, new SubscriptionUpdate(topic, SubscriptionState.UNSUBSCRIBE_REQUESTED, null,
				"msg-3", null, "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription"));

		assertThat(sns.isAllowed(this.a, topic)).isTrue();
		assertThat(sns.seen(this.a, "msg-2")).isTrue();
		assertThat(sns.subscriptions(this.a)).singleElement().satisfies((subscription) -> {
			assertThat(subscription.state()).isEqualTo(SubscriptionState.CONFIRMED);
			assertThat(subscription.subscriptionArn()).isEqualTo(topic + ":sub-1");
		});
	}

	@Test
	void anotherTenantNeitherSeesNorRevokesAnSnsApiAccessKeyAndItsSecretOpensOnlyAsTheOwnersKey() {
		SnsAccessKeyRepository keys = new SnsAccessKeyRepository(this.data.jdbc,
				SecretBox.ofBase64Key(SecretBox.generateKey()));
		String accessKeyId = "HKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
		SnsAccessKeyRepository.SnsAccessKey key = keys.create(this.a, "local dev", accessKeyId, "a-secret");
		keys.create(this.b, "b's own", "HKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
			.toUpperCase(), "b-secret");

		assertThat(keys.list(this.b)).extracting(SnsAccessKeyRepository.SnsAccessKey::name).containsExactly("b's own");
		assertThat(keys.revoke(this.b, key.id())).isFalse();
		assertThat(keys.findActive(accessKeyId)).hasValueSatisfying((found) -> {
			assertThat(found.tenantId()).isEqualTo(this.a);
			assertThat(found.secretAccessKey()).isEqualTo("a-secret");
		});
		this.data.jdbc.sql("update sns_api_access_keys set tenant_id = :b where id = :id")
			.param("b", this.b.value())
			.param("id", key.id())
			.update();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> keys.findActive(accessKeyId));
	}

	@Test
	void anotherTenantNeitherSeesNorSubscribesToAnSnsApiTopicAndCreatesItsOwnOfTheSameName() {
		SnsTopicRepository topics = new SnsTopicRepository(this.data.jdbc);
		SnsTopicRepository.Topic topic = topics.createIfAbsent(this.a, "orders");
		topics.subscribe(this.a, topic.id(),
				new SnsTopicRepository.NewSubscription("herald", "", null, "MessageAttributes"));

		assertThat(topics.find(this.b, "orders")).isEmpty();
		assertThat(topics.list(this.b, null, 100)).isEmpty();
		assertThat(topics.subscriptions(this.b, topic.id())).isEmpty();
		assertRefusedBy("sns_api_subscriptions_tenant_id_topic_id_fkey", () -> topics.subscribe(this.b, topic.id(),
				new SnsTopicRepository.NewSubscription("herald", "", null, "MessageAttributes")));
		SnsTopicRepository.Topic theirs = topics.createIfAbsent(this.b, "orders");

		assertThat(theirs.id()).isNotEqualTo(topic.id());
		assertThat(topics.list(this.a, null, 100)).extracting(SnsTopicRepository.Topic::id).containsExactly(topic.id());
		assertThat(topics.subscriptions(this.a, topic.id())).hasSize(1);
	}

	@Test
	void anotherTenantNeitherFindsNorChangesADeliveryThroughStatusEventsNorSeesTheirHistory() {
		StatusEventRepository status = new StatusEventRepository(this.data.jdbc);
		UUID delivery = this.data.delivery(this.a);
		this.data.jdbc.sql("update deliveries set provider = 'ses', provider_message_id = 'msg-a' where id = :id")
			.param("id", delivery)
			.update();
		status.record(this.a, new NewStatusEvent(delivery, "ses", "a-1", "msg-a", ProviderStatus.DELIVERED,
				Instant.now(), "ana@example.com", null, null, null));
		status.record(this.b, new NewStatusEvent(null, "ses", "b-1", "msg-a", ProviderStatus.BOUNCED, Instant.now(),
				"ana@example.com", null, "no delivery with this message id", "{}"));

		assertThat(status.findByProviderMessageId(this.b, "ses", "msg-a")).isEmpty();
		assertThat(status.findDelivery(this.b, delivery)).isEmpty();
		assertThat(status.history(this.b, delivery)).isEmpty();
		assertThat(status.unmatched(this.a, 10)).isEmpty();
		assertThat(status.unmatched(this.b, 10)).extracting(StatusEventRepository.StatusEvent::eventKey)
			.containsExactly("b-1");
		assertThat(status.findByProviderMessageId(this.a, "ses", "msg-a")).isPresent();
		assertThat(this.data.deliveries.find(this.a, delivery).orElseThrow().outcome())
			.isEqualTo(ProviderStatus.DELIVERED);
		// A forged event naming A's delivery under B's id is refused by the tenant-including foreign key.
		assertRefusedBy("delivery_status_events_tenant_id_delivery_id_fkey",
				() -> status.record(this.b, new NewStatusEvent(delivery, "ses", "b-2", "msg-a", ProviderStatus.BOUNCED,
						Instant.now(), "ana@example.com", null, null, null)));
		assertThat(status.history(this.a, delivery)).hasSize(1);
	}

	@Test
	void oneTenantsSuppressionDoesNotSuppressForAnotherNorCanItBeRemovedByAnother() {
		SuppressionRepository suppressions = new SuppressionRepository(this.data.jdbc);
		suppressions.add(this.a, new NewSuppression("email", "ana@example.com", SuppressionRepository.Reason.HARD_BOUNCE,
				"ses", null, null));
		UUID id = suppressions.find(this.a, "email", "ana@example.com").orElseThrow().id();

		assertThat(suppressions.find(this.b, "email", "ana@example.com")).isEmpty();
		assertThat(suppressions.findAmong(this.b, "email", List.of("ana@example.com"))).isEmpty();
		assertThat(suppressions.list(this.b, null, 0, 10).items()).isEmpty();
		assertThat(suppressions.remove(this.b, id)).isFalse();
		assertThat(suppressions.add(this.b, new NewSuppression("email", "ana@example.com",
				SuppressionRepository.Reason.COMPLAINT, "ses", null, null))).isTrue();

		assertThat(suppressions.findAmong(this.a, "email", List.of("ana@example.com")).get("ana@example.com").reason())
			.isEqualTo(SuppressionRepository.Reason.HARD_BOUNCE);
		assertThat(suppressions.list(this.a, "ana", 0, 10).total()).isOne();
	}

	@Test
	void anotherTenantNeitherSeesChangesNorDeletesAWebhookEndpointNorItsMessagesAndAttempts() {
		WebhookRepository webhooks = new WebhookRepository(this.data.jdbc, SecretBox.ofBase64Key(SecretBox.generateKey()));
		UUID delivery = this.data.delivery(this.a);
		UUID endpoint = webhooks.create(this.a, new NewEndpoint("https://a.example/hooks", "A's", List.of(), true,
				false), "whsec_YQ==").id();
		webhooks.create(this.b, new NewEndpoint("https://b.example/hooks", "B's", List.of(), true, false), "whsec_Yg==");
		StatusChange bounced = new StatusChange(delivery, "delivery.bounced", "bounced", "ses", null, Instant.now());

		assertThat(webhooks.enqueue(this.b, bounced)).as("B cannot put A's delivery in its outbox").isZero();
		assertThat(webhooks.enqueue(this.a, bounced)).isOne();
		UUID message = webhooks.messages(this.a, endpoint, 10).getFirst().id();
		this.data.jdbc.sql("""
				insert into webhook_attempts (tenant_id, message_id, attempt, started_at, latency_ms, status_code, outcome)
				values (:tenant, :message, 1, now(), 5, 500, 'retry_later')
				""").param("tenant", this.a.value()).param("message", message).update();

		assertThat(webhooks.list(this.b)).extracting(WebhookRepository.Endpoint::description).containsExactly("B's");
		assertThat(webhooks.find(this.b, endpoint)).isEmpty();
		assertThat(webhooks.update(this.b, endpoint, new EndpointChange("https://evil.example", null, null, false,
				true))).isEmpty();
		assertThat(webhooks.rotateSecret(this.b, endpoint, "whsec_ZXZpbA==", java.time.Duration.ZERO)).isFalse();
		assertThat(webhooks.messages(this.b, endpoint, 10)).isEmpty();
		assertThat(webhooks.attempts(this.b, message)).isEmpty();
		assertThat(webhooks.findMessage(this.b, endpoint, message)).isEmpty();
		assertThat(webhooks.findMessage(this.a, endpoint, message)).isPresent();
		assertThat(webhooks.replay(this.b, endpoint, message)).isEqualTo(WebhookRepository.Replay.NOT_FOUND);
		assertThat(webhooks.delete(this.b, endpoint)).isFalse();

		WebhookRepository.Endpoint unchanged = webhooks.find(this.a, endpoint).orElseThrow();
		assertThat(unchanged.url()).isEqualTo("https://a.example/hooks");
		assertThat(unchanged.enabled()).isTrue();
		assertThat(webhooks.attempts(this.a, message)).hasSize(1);
		assertThat(webhooks.claim(1000, java.time.Duration.ofMinutes(5)))
			.filteredOn((claimed) -> claimed.endpointId().equals(endpoint))
			.singleElement()
			.satisfies((claimed) -> assertThat(claimed.secret()).isEqualTo("whsec_YQ=="));
		// A message naming A's delivery or endpoint under B's id is refused by the tenant-including foreign keys.
		assertRefusedBy("webhook_messages_tenant_id_endpoint_id_fkey", () -> this.data.jdbc.sql("""
				insert into webhook_messages (id, tenant_id, endpoint_id, delivery_id, event_type, payload, state)
				values (gen_random_uuid(), :tenant, :endpoint, :delivery, 'delivery.bounced', '{}', 'pending')
				""").param("tenant", this.b.value()).param("endpoint", endpoint).param("delivery", this.data.delivery(this.b))
			.update());
	}

	@Test
	void aSuppressionCannotPointAtAnotherTenantsDelivery() {
		UUID aDelivery = this.data.delivery(this.a);

		assertRefusedBy("suppressions_tenant_id_delivery_id_fkey", () -> new SuppressionRepository(this.data.jdbc)
			.add(this.b, new NewSuppression("email", "ana@example.com", SuppressionRepository.Reason.HARD_BOUNCE, "ses",
					null, aDelivery)));
	}

	@Test
	void aDeliveryCannotPointAtAnotherTenantsEvent() {
		UUID aEvent = this.data.event(this.a, TestData.unique("evt"));
		UUID bSubscription = this.data.subscription(this.b, "order.placed").id();

		assertRefusedBy("deliveries_tenant_id_event_ref_fkey", () -> this.data.deliveries
			.insertAll(List.of(TestData.newDelivery(this.b, aEvent, bSubscription, "ana@example.com"))));
		assertThat(this.data.deliveries.recent(this.b, 10)).isEmpty();
	}

	@Test
	void aDeliveryCannotPointAtAnotherTenantsSubscription() {
		UUID bEvent = this.data.event(this.b, TestData.unique("evt"));
		UUID aSubscription = this.data.subscription(this.a, "order.placed").id();

		assertRefusedBy("deliveries_tenant_id_subscription_id_fkey", () -> this.data.deliveries
			.insertAll(List.of(TestData.newDelivery(this.b, bEvent, aSubscription, "ana@example.com"))));
	}

	@Test
	void aTemplateVersionCannotPointAtAnotherTenantsTemplate() {
		new TemplateRepository(this.data.jdbc).publishNewVersion(this.a, draft("A's text"), "a@shop.example");
		UUID aTemplate = this.data.jdbc.sql("select id from templates where tenant_id = :tenant")
			.param("tenant", this.a.value())
			.query(UUID.class)
			.single();

		assertRefusedBy("template_versions_tenant_id_template_id_fkey", () -> this.data.jdbc.sql("""
				insert into template_versions (tenant_id, template_id, version, body_text)
				values (:tenant, :template, 2, 'B was here')
				""").param("tenant", this.b.value()).param("template", aTemplate).update());
	}

	@Test
	void anAttemptCannotBeRecordedUnderAnotherTenant() {
		UUID aDelivery = this.data.delivery(this.a);

		assertRefusedBy("delivery_attempts_tenant_id_delivery_id_fkey", () -> this.data.jdbc.sql("""
				insert into delivery_attempts (tenant_id, delivery_id, attempt, started_at, finished_at, outcome, latency_ms)
				values (:tenant, :delivery, 1, now(), now(), 'delivered', 5)
				""").param("tenant", this.b.value()).param("delivery", aDelivery).update());
	}

	private boolean complete(Claim claim, DeliveryState state) {
		Instant now = Instant.now();
		String outcome = switch (state) {
			case DELIVERED -> "delivered";
			case RETRYING -> "retry_later";
			default -> "rejected";
		};
		return this.data.deliveries.complete(claim,
				new Completion(state, outcome, (state == DeliveryState.RETRYING) ? now.plusSeconds(60) : null,
						(state == DeliveryState.DELIVERED) ? null : "mailbox full", "smtp", null, now, now, 12));
	}

	private static TemplateDraft draft(String text) {
		return new TemplateDraft("order-placed", "order.placed", "email", "en", "Your order", null, text);
	}

	private static boolean takesATenant(Method method) {
		return Arrays.stream(method.getParameterTypes())
			.anyMatch((type) -> type == TenantId.class || (type.isRecord() && Arrays.stream(type.getRecordComponents())
				.map(RecordComponent::getType)
				.anyMatch(TenantId.class::equals)));
	}

}
