package dev.herald.db.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.tenant.TenantId;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Event bodies Herald refused, kept with every reason so a shop can see and fix what it sent. */
public class RejectedEventRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	public RejectedEventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public UUID save(TenantId tenant, String receivedVia, String contentType, String rawBody, boolean truncated,
			List<Reason> reasons) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into rejected_events (id, tenant_id, received_via, content_type, raw_body, body_truncated, reasons)
				values (:id, :tenant, :via, :contentType, :body, :truncated, cast(:reasons as jsonb))
				""")
			.param("id", id)
			.param("tenant", tenant.value())
			.param("via", receivedVia)
			.param("contentType", withoutNul(contentType))
			.param("body", withoutNul(rawBody))
			.param("truncated", truncated)
			.param("reasons", JSON.writeValueAsString(reasons.stream()
				.map((reason) -> new Reason(withoutNul(reason.path()), withoutNul(reason.message())))
				.toList()))
			.update();
		return id;
	}

	/**
	 * PostgreSQL text cannot hold NUL, nor jsonb an escaped one, and the content type and reasons may quote what was
	 * sent just like the body: replace NUL everywhere rather than lose the whole rejection.
	 */
	private static String withoutNul(String text) {
		return (text != null) ? text.replace('\0', '\uFFFD') : null;
	}

	public List<RejectedEvent> recent(TenantId tenant, int limit) {
		return this.jdbc.sql("""
				select * from rejected_events where tenant_id = :tenant order by received_at desc limit :limit
				""")
			.param("tenant", tenant.value())
			.param("limit", limit)
			.query((rs, row) -> new RejectedEvent(rs.getObject("id", UUID.class), Timestamps.read(rs, "received_at"),
					rs.getString("received_via"), rs.getString("raw_body"), rs.getBoolean("body_truncated"),
					rs.getString("reasons")))
			.list();
	}

	/** One reason for refusing a body: where, and what is wrong. */
	public record Reason(String path, String message) {
	}

	/** A refused body; {@code reasonsJson} is the JSON array of {@link Reason}s. */
	public record RejectedEvent(UUID id, Instant receivedAt, String receivedVia, String rawBody, boolean truncated,
			String reasonsJson) {
	}

}
