package dev.herald.db.user;

import java.util.Optional;
import java.util.UUID;

import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** People who sign in to the console; each belongs to one tenant. */
public class ConsoleUserRepository {

	private static final RowMapper<ConsoleUser> USER = (rs, row) -> new ConsoleUser(rs.getObject("id", UUID.class),
			new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("email"), rs.getString("password_hash"),
			rs.getString("role"));

	private final JdbcClient jdbc;

	public ConsoleUserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Creates the user, or sets the password and role of the one with that email in the same tenant. */
	public void upsert(TenantId tenant, String email, String passwordHash, String role) {
		this.jdbc.sql("""
				insert into console_users (id, tenant_id, email, password_hash, role)
				values (:id, :tenant, lower(:email), :hash, :role)
				on conflict (email) do update set password_hash = excluded.password_hash, role = excluded.role
				where console_users.tenant_id = excluded.tenant_id
				""")
			.param("id", UUID.randomUUID())
			.param("tenant", tenant.value())
			.param("email", email)
			.param("hash", passwordHash)
			.param("role", role)
			.update();
	}

	public Optional<ConsoleUser> findByEmail(String email) {
		return this.jdbc.sql("select * from console_users where email = lower(:email)")
			.param("email", email)
			.query(USER)
			.optional();
	}

	public long count(TenantId tenant) {
		return this.jdbc.sql("select count(*) from console_users where tenant_id = :tenant")
			.param("tenant", tenant.value())
			.query(Long.class)
			.single();
	}

	/** A console user; the password only as its hash. */
	public record ConsoleUser(UUID id, TenantId tenantId, String email, String passwordHash, String role) {
	}

}
