package dev.herald.db.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/** API keys, stored only as a SHA-256 hash plus a display prefix: the key itself is shown once and never kept. */
public class ApiKeyRepository {

	private final JdbcClient jdbc;

	public ApiKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The SHA-256 of a key, as stored and looked up: the key itself never reaches the database. */
	public static byte[] hashOf(String key) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256")
				.digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	public UUID create(TenantId tenant, String name, String displayPrefix, byte[] keyHash) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into api_keys (id, tenant_id, name, display_prefix, key_hash)
				values (:id, :tenant, :name, :prefix, :hash)
				""")
			.param("id", id)
			.param("tenant", tenant.value())
			.param("name", name)
			.param("prefix", displayPrefix)
			.param("hash", keyHash)
			.update();
		return id;
	}

	/** The tenant owning the active key with this hash; the lookup is by hash, so the key's bytes are never compared. */
	public Optional<ApiKey> findActiveByHash(byte[] keyHash) {
		return this.jdbc.sql("select * from api_keys where key_hash = :hash and revoked_at is null")
			.param("hash", keyHash)
			.query((rs, row) -> map(rs))
			.optional();
	}

	public boolean existsByHash(byte[] keyHash) {
		return this.jdbc.sql("select count(*) from api_keys where key_hash = :hash")
			.param("hash", keyHash)
			.query(Long.class)
			.single() > 0;
	}

	public List<ApiKey> list(TenantId tenant) {
		return this.jdbc.sql("select * from api_keys where tenant_id = :tenant order by created_at")
			.param("tenant", tenant.value())
			.query((rs, row) -> map(rs))
			.list();
	}

	public boolean revoke(TenantId tenant, UUID id) {
		return this.jdbc.sql("update api_keys set revoked_at = now() where tenant_id = :tenant and id = :id and revoked_at is null")
			.param("tenant", tenant.value())
			.param("id", id)
			.update() == 1;
	}

	private static ApiKey map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new ApiKey(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("name"), rs.getString("display_prefix"), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "revoked_at"));
	}

	/** An API key as stored: never the key itself. */
	public record ApiKey(UUID id, TenantId tenantId, String name, String displayPrefix, Instant createdAt,
			Instant revokedAt) {
	}

}
