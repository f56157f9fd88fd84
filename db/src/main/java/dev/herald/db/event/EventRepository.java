package dev.herald.db.event;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.herald.db.Timestamps;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Accepted events, unique per tenant and the producer's event id, which is what makes ingestion idempotent. */
public class EventRepository {

	private final JdbcClient jdbc;

	public EventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores the event unless this tenant already has one with the same event id.
	 * @return the new row's id, or empty when it is a duplicate
	 */
	public Optional<UUID> insertIfAbsent(TenantId tenant, NewEvent event) {
		return this.jdbc.sql("""
				insert into events (id, tenant_id, event_id, event_type, source, subject, occurred_at, received_via, payload)
				values (:id, :tenant, :eventId, :type, :source, :subject, :occurred, :via, cast(:payload as jsonb))
				on conflict (tenant_id, event_id) do nothing
				returning id
				""")
			.param("id", UUID.randomUUID())
			.param("tenant", tenant.value())
			.param("eventId", event.eventId())
			.param("type", event.eventType())
			.param("source", event.source())
			.param("subject", event.subject())
			.param("occurred", Timestamps.of(event.occurredAt()))
			.param("via", event.receivedVia())
			.param("payload", event.payloadJson())
			.query(UUID.class)
			.optional();
	}

	public Optional<StoredEvent> findByEventId(TenantId tenant, String eventId) {
		return this.jdbc.sql("select * from events where tenant_id = :tenant and event_id = :eventId")
			.param("tenant", tenant.value())
			.param("eventId", eventId)
			.query((rs, row) -> map(rs))
			.optional();
	}

	/** Several events of one tenant by row id, for a delivery batch. */
	public Map<UUID, StoredEvent> findAll(TenantId tenant, Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		List<StoredEvent> events = this.jdbc.sql("select * from events where tenant_id = :tenant and id = any(:ids)")
			.param("tenant", tenant.value())
			.param("ids", ids.toArray(UUID[]::new))
			.query((rs, row) -> map(rs))
			.list();
		return events.stream().collect(Collectors.toMap(StoredEvent::id, Function.identity()));
	}

	private static StoredEvent map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new StoredEvent(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("event_id"), rs.getString("event_type"), rs.getString("source"), rs.getString("subject"),
				Timestamps.read(rs, "occurred_at"), Timestamps.read(rs, "received_at"), rs.getString("received_via"),
				rs.getString("payload"));
	}

	/** An event to store; {@code payloadJson} is the whole CloudEvent as received and validated. */
	public record NewEvent(String eventId, String eventType, String source, String subject, Instant occurredAt,
			String receivedVia, String payloadJson) {
	}

	/** A stored event. */
	public record StoredEvent(UUID id, TenantId tenantId, String eventId, String eventType, String source,
			String subject, Instant occurredAt, Instant receivedAt, String receivedVia, String payloadJson) {
	}

}
