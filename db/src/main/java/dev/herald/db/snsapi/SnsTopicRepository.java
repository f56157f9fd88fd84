package dev.herald.db.snsapi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The tenants' topics of the SNS-compatible API and Herald's subscriptions to them. */
public class SnsTopicRepository {

	private final JdbcClient jdbc;

	public SnsTopicRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The tenant's topic of this name, created if it does not exist yet: CreateTopic is idempotent. */
	public Topic createIfAbsent(TenantId tenant, String name) {
		this.jdbc.sql("""
				insert into sns_api_topics (id, tenant_id, name) values (:id, :tenant, :name)
				on conflict (tenant_id, name) do nothing
				""")
			.param("id", UUID.randomUUID())
			.param("tenant", tenant.value())
			.param("name", name)
			.update();
		return find(tenant, name).orElseThrow();
	}

	public Optional<Topic> find(TenantId tenant, String name) {
		return this.jdbc.sql("select * from sns_api_topics where tenant_id = :tenant and name = :name")
			.param("tenant", tenant.value())
			.param("name", name)
			.query((rs, row) -> topic(rs))
			.optional();
	}

	/** Up to {@code limit} of the tenant's topics by name, after {@code afterName} ({@code null} from the start). */
	public List<Topic> list(TenantId tenant, String afterName, int limit) {
		return this.jdbc.sql("""
				select * from sns_api_topics
				where tenant_id = :tenant and (cast(:after as text) is null or name > :after)
				order by name limit :limit
				""")
			.param("tenant", tenant.value())
			.param("after", afterName)
			.param("limit", limit)
			.query((rs, row) -> topic(rs))
			.list();
	}

	/**
	 * Subscribes Herald to the tenant's topic; subscribing again with the same protocol and endpoint replaces the filter
	 * policy and answers the same subscription.
	 */
	public Subscription subscribe(TenantId tenant, UUID topicId, NewSubscription subscription) {
		return this.jdbc.sql("""
				insert into sns_api_subscriptions (id, tenant_id, topic_id, protocol, endpoint, filter_policy,
				                               filter_policy_scope)
				values (:id, :tenant, :topic, :protocol, :endpoint, cast(:policy as jsonb), :scope)
				on conflict (tenant_id, topic_id, protocol, endpoint) do update
				set filter_policy = excluded.filter_policy, filter_policy_scope = excluded.filter_policy_scope,
				    updated_at = now()
				returning *
				""")
			.param("id", UUID.randomUUID())
			.param("tenant", tenant.value())
			.param("topic", topicId)
			.param("protocol", subscription.protocol())
			.param("endpoint", subscription.endpoint())
			.param("policy", subscription.filterPolicy())
			.param("scope", subscription.filterPolicyScope())
			.query((rs, row) -> subscription(rs))
			.single();
	}

	public List<Subscription> subscriptions(TenantId tenant, UUID topicId) {
		return this.jdbc.sql("""
				select * from sns_api_subscriptions where tenant_id = :tenant and topic_id = :topic
				order by created_at, id
				""")
			.param("tenant", tenant.value())
			.param("topic", topicId)
			.query((rs, row) -> subscription(rs))
			.list();
	}

	private static Topic topic(ResultSet rs) throws SQLException {
		return new Topic(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("name"), Timestamps.read(rs, "created_at"));
	}

	private static Subscription subscription(ResultSet rs) throws SQLException {
		return new Subscription(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getObject("topic_id", UUID.class), rs.getString("protocol"), rs.getString("endpoint"),
				rs.getString("filter_policy"), rs.getString("filter_policy_scope"));
	}

	public record Topic(UUID id, TenantId tenantId, String name, Instant createdAt) {
	}

	/**
	 * @param endpoint {@code ""} for the herald protocol
	 * @param filterPolicy the policy's JSON, or {@code null} to take every message
	 * @param filterPolicyScope {@code MessageAttributes} or {@code MessageBody}
	 */
	public record NewSubscription(String protocol, String endpoint, String filterPolicy, String filterPolicyScope) {
	}

	public record Subscription(UUID id, TenantId tenantId, UUID topicId, String protocol, String endpoint,
			String filterPolicy, String filterPolicyScope) {
	}

}
