package dev.herald.db.snsapi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Access keys for the SNS-compatible API. SigV4 verification needs the secret itself, so it is sealed with the
 * {@link SecretBox}, bound to tenant and key id, rather than hashed; it leaves this class only to verify a signature.
 */
public class SnsAccessKeyRepository {

	private final JdbcClient jdbc;

	private final SecretBox secrets;

	public SnsAccessKeyRepository(JdbcClient jdbc, SecretBox secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	public SnsAccessKey create(TenantId tenant, String name, String accessKeyId, String secretAccessKey) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into sns_api_access_keys (id, tenant_id, name, access_key_id, sealed_secret)
				values (:id, :tenant, :name, :accessKeyId, :sealed)
				""")
			.param("id", id)
			.param("tenant", tenant.value())
			.param("name", name)
			.param("accessKeyId", accessKeyId)
			.param("sealed", this.secrets.seal(secretAccessKey, boundTo(tenant, accessKeyId)))
			.update();
		return this.jdbc.sql("select * from sns_api_access_keys where id = :id")
			.param("id", id)
			.query((rs, row) -> map(rs))
			.single();
	}

	/** The tenant's keys, revoked ones included, never their secrets. */
	public List<SnsAccessKey> list(TenantId tenant) {
		return this.jdbc.sql("select * from sns_api_access_keys where tenant_id = :tenant order by created_at, id")
			.param("tenant", tenant.value())
			.query((rs, row) -> map(rs))
			.list();
	}

	public boolean revoke(TenantId tenant, UUID id) {
		return this.jdbc.sql("""
				update sns_api_access_keys set revoked_at = now()
				where tenant_id = :tenant and id = :id and revoked_at is null
				""")
			.param("tenant", tenant.value())
			.param("id", id)
			.update() == 1;
	}

	/**
	 * The active key with this id and its opened secret, to verify a request's signature: the only way a secret leaves
	 * the database. Never log the result's secret.
	 */
	public Optional<SigningKey> findActive(String accessKeyId) {
		return this.jdbc.sql("""
				select * from sns_api_access_keys where access_key_id = :accessKeyId and revoked_at is null
				""")
			.param("accessKeyId", accessKeyId)
			.query((rs, row) -> {
				TenantId tenant = new TenantId(rs.getObject("tenant_id", UUID.class));
				return new SigningKey(tenant, accessKeyId,
						this.secrets.open(rs.getBytes("sealed_secret"), boundTo(tenant, accessKeyId)));
			})
			.optional();
	}

	private static String boundTo(TenantId tenant, String accessKeyId) {
		return "sns-access-key:" + tenant + ":" + accessKeyId;
	}

	private static SnsAccessKey map(ResultSet rs) throws SQLException {
		return new SnsAccessKey(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("name"), rs.getString("access_key_id"), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "revoked_at"));
	}

	/** An access key as listed: never its secret. */
	public record SnsAccessKey(UUID id, TenantId tenantId, String name, String accessKeyId, Instant createdAt,
			Instant revokedAt) {
	}

	/** An active key with its secret, for signature verification only. */
	public record SigningKey(TenantId tenantId, String accessKeyId, String secretAccessKey) {

		@Override
		public String toString() {
			return "SigningKey[" + this.tenantId + ", " + this.accessKeyId + "]";
		}

	}

}
