package dev.herald.db.sns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import dev.herald.db.Timestamps;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A tenant's allowed SNS topics, its SNS subscriptions, and the SNS message ids it has seen. */
public class SnsRepository {

	private final JdbcClient jdbc;

	public SnsRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Allows a topic; {@code false} when it was already allowed. */
	public boolean allowTopic(TenantId tenant, String topicArn) {
		return this.jdbc.sql("""
				insert into sns_topics (tenant_id, topic_arn) values (:tenant, :topic) on conflict do nothing
				""").param("tenant", tenant.value()).param("topic", topicArn).update() == 1;
	}

	/** Stops allowing a topic; its subscription record stays, for the tenant to see. */
	public boolean removeTopic(TenantId tenant, String topicArn) {
		return this.jdbc.sql("delete from sns_topics where tenant_id = :tenant and topic_arn = :topic")
			.param("tenant", tenant.value())
			.param("topic", topicArn)
			.update() == 1;
	}

	public List<AllowedTopic> topics(TenantId tenant) {
		return this.jdbc.sql("select * from sns_topics where tenant_id = :tenant order by topic_arn")
			.param("tenant", tenant.value())
			.query((rs, row) -> new AllowedTopic(rs.getString("topic_arn"), Timestamps.read(rs, "created_at")))
			.list();
	}

	public boolean isAllowed(TenantId tenant, String topicArn) {
		return this.jdbc.sql("select count(*) from sns_topics where tenant_id = :tenant and topic_arn = :topic")
			.param("tenant", tenant.value())
			.param("topic", topicArn)
			.query(Long.class)
			.single() > 0;
	}

	/** Records what SNS last said about the tenant's subscription to a topic. */
	public void recordSubscription(TenantId tenant, SubscriptionUpdate update) {
		this.jdbc.sql("""
				insert into sns_subscriptions (tenant_id, topic_arn, state, subscription_arn, last_message_id, last_error,
				    resubscribe_url)
				values (:tenant, :topic, :state, :arn, :message, :error, :resubscribe)
				on conflict (tenant_id, topic_arn) do update
				set state = excluded.state, subscription_arn = coalesce(excluded.subscription_arn,
				        sns_subscriptions.subscription_arn),
				    last_message_id = excluded.last_message_id, last_error = excluded.last_error,
				    resubscribe_url = excluded.resubscribe_url, updated_at = now()
				""")
			.param("tenant", tenant.value())
			.param("topic", update.topicArn())
			.param("state", update.state().id())
			.param("arn", update.subscriptionArn())
			.param("message", update.messageId())
			.param("error", update.error())
			.param("resubscribe", update.resubscribeUrl())
			.update();
	}

	public List<SnsSubscription> subscriptions(TenantId tenant) {
		return this.jdbc.sql("select * from sns_subscriptions where tenant_id = :tenant order by topic_arn")
			.param("tenant", tenant.value())
			.query((rs, row) -> map(rs))
			.list();
	}

	public boolean seen(TenantId tenant, String messageId) {
		return this.jdbc.sql("select count(*) from sns_messages where tenant_id = :tenant and message_id = :id")
			.param("tenant", tenant.value())
			.param("id", messageId)
			.query(Long.class)
			.single() > 0;
	}

	/** Remembers a handled SNS message; {@code false} when it was already remembered. */
	public boolean markSeen(TenantId tenant, String messageId, String messageType, String topicArn) {
		return this.jdbc.sql("""
				insert into sns_messages (tenant_id, message_id, message_type, topic_arn)
				values (:tenant, :id, :type, :topic) on conflict do nothing
				""")
			.param("tenant", tenant.value())
			.param("id", messageId)
			.param("type", messageType)
			.param("topic", topicArn)
			.update() == 1;
	}

	private static SnsSubscription map(ResultSet rs) throws SQLException {
		return new SnsSubscription(rs.getString("topic_arn"), SubscriptionState.of(rs.getString("state")),
				rs.getString("subscription_arn"), rs.getString("last_message_id"), rs.getString("last_error"),
				rs.getString("resubscribe_url"), Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"));
	}

	/** A topic the tenant allows. */
	public record AllowedTopic(String topicArn, Instant createdAt) {
	}

	/** Where a subscription stands, as SNS last told us. */
	public enum SubscriptionState {

		PENDING("pending"), CONFIRMED("confirmed"), UNSUBSCRIBE_REQUESTED("unsubscribe_requested");

		private final String id;

		SubscriptionState(String id) {
			this.id = id;
		}

		public String id() {
			return this.id;
		}

		static SubscriptionState of(String id) {
			for (SubscriptionState state : values()) {
				if (state.id.equals(id)) {
					return state;
				}
			}
			throw new IllegalArgumentException("Unknown SNS subscription state " + id);
		}

	}

	/**
	 * What one SNS message said about a subscription.
	 *
	 * @param subscriptionArn SNS's id of the subscription, when known
	 * @param error why a confirmation did not succeed, if it did not
	 * @param resubscribeUrl from an UnsubscribeConfirmation: the URL that would subscribe again
	 */
	public record SubscriptionUpdate(String topicArn, SubscriptionState state, String subscriptionArn,
			String messageId, String error, String resubscribeUrl) {
	}

	/** A tenant's subscription to one topic. */
	public record SnsSubscription(String topicArn, SubscriptionState state, String subscriptionArn,
			String lastMessageId, String lastError, String resubscribeUrl, Instant createdAt, Instant updatedAt) {
	}

}
