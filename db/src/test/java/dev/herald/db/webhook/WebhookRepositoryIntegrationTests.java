package dev.herald.db.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.db.secret.SecretBox;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import dev.herald.db.webhook.WebhookRepository.AttemptResult;
import dev.herald.db.webhook.WebhookRepository.ClaimedMessage;
import dev.herald.db.webhook.WebhookRepository.EndpointChange;
import dev.herald.db.webhook.WebhookRepository.NewEndpoint;
import dev.herald.db.webhook.WebhookRepository.Outcome;
import dev.herald.db.webhook.WebhookRepository.StatusChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookRepositoryIntegrationTests {

	private static final Instant AT = Instant.parse("2026-11-20T10:00:00.123Z");

	private final TestData data = new TestData();

	private final WebhookRepository webhooks = new WebhookRepository(this.data.jdbc,
			SecretBox.ofBase64Key(SecretBox.generateKey()));

	private final TenantId tenant = this.data.tenant().id();

	private final UUID delivery = this.data.delivery(this.tenant);

	@Test
	void aStatusAppliedTwiceMakesOneMessageWithTheStandardWebhooksBodyAndAMaskedRecipient() {
		UUID endpoint = endpoint(List.of(), true, false);

		assertThat(this.webhooks.enqueue(this.tenant, bounced())).isOne();
		assertThat(this.webhooks.enqueue(this.tenant, bounced())).isZero();

		var message = this.webhooks.messages(this.tenant, endpoint, 10).getFirst();
		assertThat(this.webhooks.messages(this.tenant, endpoint, 10)).hasSize(1);
		assertThat(message.state()).isEqualTo("pending");
		assertThat(field(message.payload(), "{type}")).isEqualTo("delivery.bounced");
		assertThat(field(message.payload(), "{timestamp}")).isEqualTo("2026-11-20T10:00:00.123Z");
		assertThat(field(message.payload(), "{data,deliveryId}")).isEqualTo(this.delivery.toString());
		assertThat(field(message.payload(), "{data,eventId}")).startsWith("evt-");
		assertThat(field(message.payload(), "{data,channel}")).isEqualTo("email");
		assertThat(field(message.payload(), "{data,recipient}")).isEqualTo("a***@example.com");
		assertThat(field(message.payload(), "{data,status}")).isEqualTo("bounced");
		assertThat(field(message.payload(), "{data,provider}")).isEqualTo("ses");
		assertThat(field(message.payload(), "{data,reason}")).isEqualTo("550 5.1.1 user unknown");
		assertThat(field(message.payload(), "{data,at}")).isEqualTo("2026-11-20T10:00:00.123Z");
	}

	@Test
	void onlyEnabledEndpointsThatWantTheTypeGetAMessageAndTheFullRecipientOnlyWhenAsked() {
		UUID all = endpoint(List.of(), true, true);
		UUID deliveredOnly = endpoint(List.of("delivery.delivered"), true, false);
		UUID disabled = endpoint(List.of(), false, false);

		this.webhooks.enqueue(this.tenant, bounced());

		assertThat(this.webhooks.messages(this.tenant, all, 10)).singleElement()
			.satisfies((message) -> assertThat(message.payload()).contains("\"ana@example.com\""));
		assertThat(this.webhooks.messages(this.tenant, deliveredOnly, 10)).isEmpty();
		assertThat(this.webhooks.messages(this.tenant, disabled, 10)).isEmpty();
	}

	@Test
	void aClaimedMessageCarriesTheOpenedSecretAndIsNotClaimedTwiceUntilItsRetryIsDue() {
		UUID endpoint = endpoint(List.of(), true, false);
		this.webhooks.enqueue(this.tenant, bounced());

		ClaimedMessage claimed = claimOurs();
		assertThat(claimed.secret()).isEqualTo("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtMTIzNA==");
		assertThat(claimed.toString()).doesNotContain("whsec_");
		assertThat(claimed.attempt()).isOne();
		assertThat(this.webhooks.claim(1000, Duration.ofMinutes(5))).noneMatch((m) -> m.id().equals(claimed.id()));

		Instant now = Instant.now();
		assertThat(this.webhooks.finish(claimed.id(), claimed.claimToken(), new AttemptResult(Outcome.RETRY_LATER, now,
				Duration.ofMillis(12), 503, "HTTP 503", "busy", now.minusSeconds(1)))).isTrue();
		assertThat(this.webhooks.finish(claimed.id(), claimed.claimToken(), new AttemptResult(Outcome.DELIVERED, now,
				Duration.ofMillis(12), 200, null, "", null))).as("the claim is spent").isFalse();
		ClaimedMessage again = claimOurs();
		assertThat(again.attempt()).isEqualTo(2);
		this.webhooks.finish(again.id(), again.claimToken(),
				new AttemptResult(Outcome.DELIVERED, now, Duration.ofMillis(7), 204, null, "", null));

		assertThat(this.webhooks.messages(this.tenant, endpoint, 10).getFirst().state()).isEqualTo("delivered");
		assertThat(this.webhooks.attempts(this.tenant, claimed.id())).extracting(WebhookRepository.Attempt::statusCode)
			.containsExactly(503, 204);
	}

	@Test
	void aReplayedMessageIsSentAgainWithAFullSetOfTriesAndAPendingOneIsNotReplayed() {
		UUID endpoint = endpoint(List.of(), true, false);
		this.webhooks.enqueue(this.tenant, bounced());
		ClaimedMessage claimed = claimOurs();

		assertThat(this.webhooks.replay(this.tenant, endpoint, claimed.id()))
			.isEqualTo(WebhookRepository.Replay.STILL_PENDING);
		this.webhooks.finish(claimed.id(), claimed.claimToken(), new AttemptResult(Outcome.FAILED, Instant.now(),
				Duration.ofMillis(3), 410, "HTTP 410", "gone", null));
		assertThat(this.webhooks.replay(this.tenant, endpoint, claimed.id())).isEqualTo(WebhookRepository.Replay.REPLAYED);
		assertThat(this.webhooks.replay(this.tenant, endpoint, UUID.randomUUID()))
			.isEqualTo(WebhookRepository.Replay.NOT_FOUND);

		ClaimedMessage replayed = claimOurs();
		assertThat(replayed.attempt()).isEqualTo(2);
		assertThat(replayed.attemptSinceReplay()).isOne();
	}

	@Test
	void aDisabledEndpointsPendingMessagesWaitAndUpdatesKeepWhatIsNotChanged() {
		UUID endpoint = endpoint(List.of("delivery.bounced"), true, false);
		this.webhooks.enqueue(this.tenant, bounced());

		var updated = this.webhooks.update(this.tenant, endpoint, new EndpointChange(null, null, null, false, null))
			.orElseThrow();

		assertThat(updated.enabled()).isFalse();
		assertThat(updated.eventTypes()).containsExactly("delivery.bounced");
		assertThat(this.webhooks.claim(1000, Duration.ofMinutes(5))).noneMatch((m) -> m.endpointId().equals(endpoint));
		this.webhooks.update(this.tenant, endpoint, new EndpointChange(null, null, null, true, null));
		assertThat(claimOurs().endpointId()).isEqualTo(endpoint);
	}

	@Test
	void aRotatedSecretSignsTheNextMessagesWithThePreviousOneAlongsideUntilItExpires() {
		UUID endpoint = endpoint(List.of(), true, false);
		assertThat(this.webhooks.rotateSecret(this.tenant, endpoint, "whsec_bmV3", Duration.ofHours(24))).isTrue();
		this.webhooks.enqueue(this.tenant, bounced());

		ClaimedMessage claimed = claimOurs();
		assertThat(claimed.secret()).isEqualTo("whsec_bmV3");
		assertThat(claimed.previousSecret()).isEqualTo("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtMTIzNA==");
		assertThat(this.webhooks.find(this.tenant, endpoint).orElseThrow().secretRotatedAt()).isNotNull();

		this.webhooks.rotateSecret(this.tenant, endpoint, "whsec_bmV3ZXI=", Duration.ZERO);
		this.webhooks.finish(claimed.id(), claimed.claimToken(), new AttemptResult(Outcome.RETRY_LATER, Instant.now(),
				Duration.ofMillis(1), 500, "HTTP 500", "", Instant.now().minusSeconds(1)));
		ClaimedMessage again = claimOurs();
		assertThat(again.secret()).isEqualTo("whsec_bmV3ZXI=");
		assertThat(again.previousSecret()).as("a leaked secret stops at once").isNull();
	}

	@Test
	void aSecretSealedWithAnotherKeyComesWithoutItAndDoesNotStopTheBatch() {
		UUID endpoint = endpoint(List.of(), true, false);
		this.webhooks.enqueue(this.tenant, bounced());
		WebhookRepository otherKey = new WebhookRepository(this.data.jdbc, SecretBox.ofBase64Key(SecretBox.generateKey()));

		ClaimedMessage claimed = otherKey.claim(1000, Duration.ofMinutes(5))
			.stream()
			.filter((message) -> message.endpointId().equals(endpoint))
			.findFirst()
			.orElseThrow();

		assertThat(claimed.secret()).isNull();
		assertThat(this.webhooks.delete(this.tenant, endpoint)).isTrue();
		assertThat(this.webhooks.find(this.tenant, endpoint)).isEmpty();
	}

	private String field(String json, String path) {
		return this.data.jdbc.sql("select cast(:json as jsonb) #>> cast(:path as text[])")
			.param("json", json)
			.param("path", path)
			.query(String.class)
			.single();
	}

	private ClaimedMessage claimOurs() {
		return this.webhooks.claim(1000, Duration.ofMinutes(5))
			.stream()
			.filter((message) -> message.tenantId().equals(this.tenant))
			.findFirst()
			.orElseThrow();
	}

	private UUID endpoint(List<String> types, boolean enabled, boolean includeRecipient) {
		return this.webhooks.create(this.tenant, new NewEndpoint("https://hooks.shop.example/herald", "test", types,
				enabled, includeRecipient), "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtMTIzNA==").id();
	}

	private StatusChange bounced() {
		return new StatusChange(this.delivery, "delivery.bounced", "bounced", "ses", "550 5.1.1 user unknown", AT);
	}

}
