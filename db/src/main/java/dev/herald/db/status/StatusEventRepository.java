package dev.herald.db.status;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The status events providers reported about deliveries, kept append-only and at most once per event key, and the
 * delivery outcome they lead to (see {@link ProviderStatus} for why it only moves forward).
 */
public class StatusEventRepository {

	private final JdbcClient jdbc;

	public StatusEventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records one status event and, when it names a delivery and outranks the delivery's outcome, makes it the
	 * outcome, in one statement. An event whose key was recorded before changes nothing.
	 */
	public Recorded record(TenantId tenant, NewStatusEvent event) {
		return this.jdbc.sql("""
				with inserted as (
				    insert into delivery_status_events (tenant_id, delivery_id, provider, event_key, provider_message_id,
				                                        status, occurred_at, recipient, detail, unmatched_reason, payload)
				    values (:tenant, :delivery, :provider, :key, :messageId, :status, :occurred, :recipient, :detail,
				            :unmatched, :payload)
				    on conflict (tenant_id, provider, event_key) do nothing
				    returning tenant_id, delivery_id, status, occurred_at
				), moved as (
				    update deliveries d set outcome = i.status, outcome_at = i.occurred_at, updated_at = now()
				    from inserted i
				    where d.tenant_id = i.tenant_id and d.id = i.delivery_id
				      and (d.outcome is null or array_position(cast(:ranking as text[]), d.outcome)
				                                 < array_position(cast(:ranking as text[]), i.status))
				    returning d.id
				)
				select (select count(*) from inserted) as inserted, (select count(*) from moved) as moved
				""")
			.param("tenant", tenant.value())
			.param("delivery", event.deliveryId())
			.param("provider", event.provider())
			.param("key", event.eventKey())
			.param("messageId", event.providerMessageId())
			.param("status", event.status().id())
			.param("occurred", Timestamps.of(event.occurredAt()))
			.param("recipient", event.recipient())
			.param("detail", event.detail())
			.param("unmatched", event.unmatchedReason())
			.param("payload", event.payload())
			.param("ranking", ProviderStatus.ranking())
			.query((rs, row) -> (rs.getLong("inserted") == 0) ? Recorded.DUPLICATE
					: (rs.getLong("moved") > 0) ? Recorded.OUTCOME_CHANGED : Recorded.RECORDED)
			.single();
	}

	/** The tenant's delivery a provider knows by this message id (SES MessageId, Twilio MessageSid). */
	public Optional<MatchedDelivery> findByProviderMessageId(TenantId tenant, String provider,
			String providerMessageId) {
		return this.jdbc.sql("""
				select id, channel, recipient, provider, provider_message_id from deliveries
				where tenant_id = :tenant and provider_message_id = :messageId and provider = :provider
				order by created_at, id limit 1
				""")
			.param("tenant", tenant.value())
			.param("messageId", providerMessageId)
			.param("provider", provider)
			.query((rs, row) -> matched(rs))
			.optional();
	}

	/** The tenant's delivery of this id, for events that carry Herald's own delivery id (an SES message tag). */
	public Optional<MatchedDelivery> findDelivery(TenantId tenant, UUID deliveryId) {
		return this.jdbc.sql("""
				select id, channel, recipient, provider, provider_message_id from deliveries
				where tenant_id = :tenant and id = :id
				""")
			.param("tenant", tenant.value())
			.param("id", deliveryId)
			.query((rs, row) -> matched(rs))
			.optional();
	}

	/** A delivery's status history, oldest first. */
	public List<StatusEvent> history(TenantId tenant, UUID deliveryId) {
		return this.jdbc.sql("""
				select * from delivery_status_events where tenant_id = :tenant and delivery_id = :delivery
				order by occurred_at, id
				""")
			.param("tenant", tenant.value())
			.param("delivery", deliveryId)
			.query((rs, row) -> event(rs))
			.list();
	}

	/** Status events that matched no delivery, newest first, each with the reason. */
	public List<StatusEvent> unmatched(TenantId tenant, int limit) {
		return this.jdbc.sql("""
				select * from delivery_status_events where tenant_id = :tenant and delivery_id is null
				order by received_at desc, id desc limit :limit
				""")
			.param("tenant", tenant.value())
			.param("limit", limit)
			.query((rs, row) -> event(rs))
			.list();
	}

	private static MatchedDelivery matched(ResultSet rs) throws SQLException {
		return new MatchedDelivery(rs.getObject("id", UUID.class), rs.getString("channel"),
				rs.getString("recipient"), rs.getString("provider"), rs.getString("provider_message_id"));
	}

	private static StatusEvent event(ResultSet rs) throws SQLException {
		return new StatusEvent(rs.getLong("id"), rs.getObject("delivery_id", UUID.class), rs.getString("provider"),
				rs.getString("event_key"), rs.getString("provider_message_id"),
				ProviderStatus.fromId(rs.getString("status")).orElseThrow(), Timestamps.read(rs, "occurred_at"),
				Timestamps.read(rs, "received_at"), rs.getString("recipient"), rs.getString("detail"),
				rs.getString("unmatched_reason"));
	}

	/** What recording an event did. */
	public enum Recorded {

		/** New, and it became the delivery's outcome. */
		OUTCOME_CHANGED,
		/** New, kept in the history; the outcome stayed (it ranked lower, or no delivery matched). */
		RECORDED,
		/** Its key was recorded before: nothing changed. */
		DUPLICATE

	}

	/**
	 * A status event to record.
	 * @param deliveryId the delivery it is about, or {@code null} when none matched ({@code unmatchedReason} says why)
	 * @param eventKey the provider's event id, or a hash of the event: the same event twice has the same key
	 * @param payload the event as received, kept for unmatched events so they can be looked into
	 */
	public record NewStatusEvent(UUID deliveryId, String provider, String eventKey, String providerMessageId,
			ProviderStatus status, Instant occurredAt, String recipient, String detail, String unmatchedReason,
			String payload) {

		public NewStatusEvent {
			Objects.requireNonNull(provider, "provider");
			Objects.requireNonNull(eventKey, "eventKey");
			Objects.requireNonNull(status, "status");
			Objects.requireNonNull(occurredAt, "occurredAt");
			if ((deliveryId == null) == (unmatchedReason == null)) {
				throw new IllegalArgumentException("an event either names a delivery or says why none matched");
			}
		}

	}

	/** A delivery a status event was matched to. */
	public record MatchedDelivery(UUID id, String channel, String recipient, String provider,
			String providerMessageId) {
	}

	/** One recorded status event. */
	public record StatusEvent(long id, UUID deliveryId, String provider, String eventKey, String providerMessageId,
			ProviderStatus status, Instant occurredAt, Instant receivedAt, String recipient, String detail,
			String unmatchedReason) {
	}

}
