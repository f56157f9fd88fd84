package dev.herald.db.tenant;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tenants and their defaults. */
public class TenantRepository {

	private static final RowMapper<Tenant> TENANT = (rs, row) -> new Tenant(new TenantId(rs.getObject("id", UUID.class)),
			rs.getString("slug"), rs.getString("name"), rs.getString("default_locale"), rs.getString("time_zone"),
			rs.getInt("max_attempts"), rs.getInt("sms_max_segments"), rs.getString("sms_overflow"));

	private final JdbcClient jdbc;

	public TenantRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Tenant create(String slug, String name, String defaultLocale, String timeZone) {
		TenantId id = new TenantId(UUID.randomUUID());
		this.jdbc.sql("""
				insert into tenants (id, slug, name, default_locale, time_zone) values (:id, :slug, :name, :locale, :zone)
				""")
			.param("id", id.value())
			.param("slug", slug)
			.param("name", name)
			.param("locale", defaultLocale)
			.param("zone", timeZone)
			.update();
		return find(id).orElseThrow();
	}

	public Optional<Tenant> find(TenantId id) {
		return this.jdbc.sql("select * from tenants where id = :id").param("id", id.value()).query(TENANT).optional();
	}

	public Optional<Tenant> findBySlug(String slug) {
		return this.jdbc.sql("select * from tenants where slug = :slug").param("slug", slug).query(TENANT).optional();
	}

	public void updateSmsPolicy(TenantId id, int maxSegments, String overflow) {
		this.jdbc.sql("update tenants set sms_max_segments = :max, sms_overflow = :overflow where id = :id")
			.param("max", maxSegments)
			.param("overflow", overflow)
			.param("id", id.value())
			.update();
	}

	public void updateMaxAttempts(TenantId id, int maxAttempts) {
		this.jdbc.sql("update tenants set max_attempts = :max where id = :id")
			.param("max", maxAttempts)
			.param("id", id.value())
			.update();
	}

}
