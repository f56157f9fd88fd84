package dev.herald.db.device;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.tenant.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Shoppers' push devices (tokens and Web Push subscriptions), registered by the shop per recipient. */
public class DeviceRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	public DeviceRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Registers a device for a recipient. Registering a token again refreshes it; registering it for another recipient
	 * moves it there (a phone changed hands, or a shopper signed in as someone else on the same browser).
	 */
	public Device register(TenantId tenant, String recipientId, String platform, String token,
			Map<String, String> keys) {
		return this.jdbc.sql("""
				insert into devices (id, tenant_id, recipient_id, platform, token, keys)
				values (:id, :tenant, :recipient, :platform, :token, cast(:keys as jsonb))
				on conflict (tenant_id, platform, token) do update
				set recipient_id = excluded.recipient_id, keys = excluded.keys, last_seen_at = now()
				returning *
				""")
			.param("id", UUID.randomUUID())
			.param("tenant", tenant.value())
			.param("recipient", recipientId)
			.param("platform", platform)
			.param("token", token)
			.param("keys", JSON.writeValueAsString((keys != null) ? keys : Map.of()))
			.query((rs, row) -> map(rs))
			.single();
	}

	public List<Device> list(TenantId tenant, String recipientId) {
		return this.jdbc.sql("""
				select * from devices where tenant_id = :tenant and recipient_id = :recipient order by created_at, id
				""")
			.param("tenant", tenant.value())
			.param("recipient", recipientId)
			.query((rs, row) -> map(rs))
			.list();
	}

	public Optional<Device> find(TenantId tenant, UUID id) {
		return this.jdbc.sql("select * from devices where tenant_id = :tenant and id = :id")
			.param("tenant", tenant.value())
			.param("id", id)
			.query((rs, row) -> map(rs))
			.optional();
	}

	/** Removes one of a recipient's devices; {@code false} when it is not theirs (or not this tenant's). */
	public boolean remove(TenantId tenant, String recipientId, UUID id) {
		return this.jdbc.sql("delete from devices where tenant_id = :tenant and recipient_id = :recipient and id = :id")
			.param("tenant", tenant.value())
			.param("recipient", recipientId)
			.param("id", id)
			.update() == 1;
	}

	/** Forgets a device the push service said is gone, whoever it belongs to now. */
	public boolean forget(TenantId tenant, UUID id) {
		return this.jdbc.sql("delete from devices where tenant_id = :tenant and id = :id")
			.param("tenant", tenant.value())
			.param("id", id)
			.update() == 1;
	}

	private static Device map(ResultSet rs) throws SQLException {
		return new Device(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("recipient_id"), rs.getString("platform"), rs.getString("token"),
				JSON.readValue(rs.getString("keys"), STRINGS), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "last_seen_at"));
	}

	/** A registered device. */
	public record Device(UUID id, TenantId tenantId, String recipientId, String platform, String token,
			Map<String, String> keys, Instant createdAt, Instant lastSeenAt) {
	}

}
