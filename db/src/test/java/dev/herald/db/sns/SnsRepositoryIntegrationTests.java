package dev.herald.db.sns;

import dev.herald.db.sns.SnsRepository.AllowedTopic;
import dev.herald.db.sns.SnsRepository.SnsSubscription;
import dev.herald.db.sns.SnsRepository.SubscriptionState;
import dev.herald.db.sns.SnsRepository.SubscriptionUpdate;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static dev.herald.db.testing.ConstraintAssertions.assertRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

class SnsRepositoryIntegrationTests {

	private static final String ORDERS = "arn:aws:sns:eu-west-1:123456789012:orders";

	private final TestData data = new TestData();

	private final SnsRepository sns = new SnsRepository(this.data.jdbc);

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void aTopicIsAllowedOnceAndCanBeRemoved() {
		assertThat(this.sns.allowTopic(this.tenant, ORDERS)).isTrue();
		assertThat(this.sns.allowTopic(this.tenant, ORDERS)).isFalse();
		assertThat(this.sns.topics(this.tenant)).extracting(AllowedTopic::topicArn).containsExactly(ORDERS);
		assertThat(this.sns.isAllowed(this.tenant, ORDERS)).isTrue();

		assertThat(this.sns.removeTopic(this.tenant, ORDERS)).isTrue();

		assertThat(this.sns.isAllowed(this.tenant, ORDERS)).isFalse();
		assertThat(this.sns.removeTopic(this.tenant, ORDERS)).isFalse();
	}

	@Test
	void theDatabaseRefusesWhatIsNotATopicArn() {
		assertRefusedBy("sns_topics_topic_arn_check",
				() -> this.sns.allowTopic(this.tenant, "arn:aws:s3:::my-bucket"));
	}

	@Test
	void aSubscriptionKeepsItsArnWhenALaterMessageDoesNotNameIt() {
		this.sns.recordSubscription(this.tenant, new SubscriptionUpdate(ORDERS, SubscriptionState.CONFIRMED,
				ORDERS + ":4f1c", "m-1", null, null));

		this.sns.recordSubscription(this.tenant, new SubscriptionUpdate(ORDERS,
				SubscriptionState.UNSUBSCRIBE_REQUESTED, null, "m-2", null, "https://sns.eu-west-1.amazonaws.com/?x"));

		assertThat(this.sns.subscriptions(this.tenant)).singleElement()
			.extracting(SnsSubscription::state, SnsSubscription::subscriptionArn, SnsSubscription::lastMessageId,
					SnsSubscription::resubscribeUrl)
			.containsExactly(SubscriptionState.UNSUBSCRIBE_REQUESTED, ORDERS + ":4f1c", "m-2",
					"https://sns.eu-west-1.amazonaws.com/?x");
	}

	@Test
	void aMessageIdIsSeenOnce() {
		assertThat(this.sns.seen(this.tenant, "m-1")).isFalse();
		assertThat(this.sns.markSeen(this.tenant, "m-1", "Notification", ORDERS)).isTrue();
		assertThat(this.sns.markSeen(this.tenant, "m-1", "Notification", ORDERS)).isFalse();
		assertThat(this.sns.seen(this.tenant, "m-1")).isTrue();
	}

}
