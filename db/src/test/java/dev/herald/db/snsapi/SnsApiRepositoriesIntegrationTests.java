package dev.herald.db.snsapi;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.herald.db.secret.SecretBox;
import dev.herald.db.snsapi.SnsTopicRepository.NewSubscription;
import dev.herald.db.snsapi.SnsTopicRepository.Topic;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnsApiRepositoriesIntegrationTests {

	private final TestData data = new TestData();

	private final TenantId tenant = this.data.tenant().id();

	private final SnsAccessKeyRepository keys = new SnsAccessKeyRepository(this.data.jdbc,
			SecretBox.ofBase64Key(SecretBox.generateKey()));

	private final SnsTopicRepository topics = new SnsTopicRepository(this.data.jdbc);

	@Test
	void anAccessKeysSecretIsStoredSealedAndARevokedKeyNoLongerSigns() {
		String accessKeyId = accessKeyId();
		var key = this.keys.create(this.tenant, "laptop", accessKeyId, "wJalrXUtnFEMI-very-secret");

		byte[] stored = this.data.jdbc.sql("select sealed_secret from sns_api_access_keys where id = :id")
			.param("id", key.id())
			.query(byte[].class)
			.single();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("very-secret");
		assertThat(this.keys.findActive(accessKeyId)).map(SnsAccessKeyRepository.SigningKey::secretAccessKey)
			.contains("wJalrXUtnFEMI-very-secret");
		assertThat(this.keys.findActive(accessKeyId).orElseThrow().toString()).doesNotContain("secret-");

		assertThat(this.keys.revoke(this.tenant, key.id())).isTrue();
		assertThat(this.keys.revoke(this.tenant, key.id())).isFalse();
		assertThat(this.keys.findActive(accessKeyId)).isEmpty();
		assertThat(this.keys.list(this.tenant)).singleElement()
			.satisfies((listed) -> assertThat(listed.revokedAt()).isNotNull());
	}

	@Test
	void creatingATopicTwiceGivesTheSameTopicAndListingPagesByName() {
		Topic orders = this.topics.createIfAbsent(this.tenant, "orders");
		assertThat(this.topics.createIfAbsent(this.tenant, "orders")).isEqualTo(orders);
		this.topics.createIfAbsent(this.tenant, "payments");
		this.topics.createIfAbsent(this.tenant, "Shipping");

		assertThat(this.topics.list(this.tenant, null, 2)).extracting(Topic::name).containsExactly("Shipping", "orders");
		assertThat(this.topics.list(this.tenant, "orders", 2)).extracting(Topic::name).containsExactly("payments");
	}

	@Test
	void subscribingAgainWithTheSameEndpointReplacesTheFilterPolicy() {
		Topic orders = this.topics.createIfAbsent(this.tenant, "orders");
		var first = this.topics.subscribe(this.tenant, orders.id(),
				new NewSubscription("herald", "", "{\"type\":[\"order.placed\"]}", "MessageAttributes"));

		var again = this.topics.subscribe(this.tenant, orders.id(), new NewSubscription("herald", "", null,
				"MessageAttributes"));

		assertThat(again.id()).isEqualTo(first.id());
		assertThat(this.topics.subscriptions(this.tenant, orders.id())).singleElement()
			.satisfies((subscription) -> assertThat(subscription.filterPolicy()).isNull());
	}

	private static String accessKeyId() {
		return "HKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
	}

}
