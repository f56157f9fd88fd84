package dev.herald.db.provider;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.tenant.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each tenant's providers per channel, in failover order. Secrets are sealed with the {@link SecretBox} before they
 * reach the database, bound to tenant, channel and provider; only their last four characters are kept readable.
 */
public class ProviderConfigRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final SecretBox secrets;

	public ProviderConfigRepository(JdbcClient jdbc, SecretBox secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	/**
	 * Replaces the tenant's providers for one channel with {@code providers}, in that order. A provider listed without
	 * secrets keeps the secrets it had: secrets are write-only, so the console never needs to send them back. Call it
	 * inside a transaction.
	 */
	public void replace(TenantId tenant, String channel, List<NewProviderConfig> providers) {
		Map<String, ProviderConfig> existing = new LinkedHashMap<>();
		for (ProviderConfig config : list(tenant, channel)) {
			existing.put(config.provider(), config);
		}
		// Bumping the version tells every worker's cache to rebuild this tenant's channels.
		this.jdbc.sql("update tenants set providers_version = providers_version + 1 where id = :tenant")
			.param("tenant", tenant.value())
			.update();
		this.jdbc.sql("delete from provider_configs where tenant_id = :tenant and channel = :channel")
			.param("tenant", tenant.value())
			.param("channel", channel)
			.update();
		int priority = 0;
		for (NewProviderConfig provider : providers) {
			byte[] sealed;
			Map<String, String> hints;
			if (provider.secrets() == null || provider.secrets().isEmpty()) {
				ProviderConfig before = existing.get(provider.provider());
				sealed = (before != null) ? before.sealedSecrets() : null;
				hints = (before != null) ? before.secretHints() : Map.of();
			}
			else {
				sealed = this.secrets.seal(JSON.writeValueAsString(provider.secrets()),
						boundTo(tenant, channel, provider.provider()));
				hints = hints(provider.secrets());
			}
			this.jdbc.sql("""
					insert into provider_configs (id, tenant_id, channel, provider, priority, enabled, settings,
					                              sealed_secrets, secret_hints, rate_per_second, burst)
					values (:id, :tenant, :channel, :provider, :priority, :enabled, cast(:settings as jsonb), :sealed,
					        cast(:hints as jsonb), :rate, :burst)
					""")
				.param("id", UUID.randomUUID())
				.param("tenant", tenant.value())
				.param("channel", channel)
				.param("provider", provider.provider())
				.param("priority", priority++)
				.param("enabled", provider.enabled())
				.param("settings", JSON.writeValueAsString(provider.settings()))
				.param("sealed", sealed)
				.param("hints", JSON.writeValueAsString(hints))
				.param("rate", provider.ratePerSecond())
				.param("burst", provider.burst())
				.update();
		}
	}

	/** The tenant's providers for a channel in failover order, secrets sealed. */
	public List<ProviderConfig> list(TenantId tenant, String channel) {
		return this.jdbc.sql("""
				select * from provider_configs where tenant_id = :tenant and channel = :channel order by priority
				""")
			.param("tenant", tenant.value())
			.param("channel", channel)
			.query((rs, row) -> map(rs))
			.list();
	}

	public List<ProviderConfig> listAll(TenantId tenant) {
		return this.jdbc.sql("select * from provider_configs where tenant_id = :tenant order by channel, priority")
			.param("tenant", tenant.value())
			.query((rs, row) -> map(rs))
			.list();
	}

	/** Opens a configuration's secrets, to create its channel. Never log the result. */
	public Map<String, String> openSecrets(ProviderConfig config) {
		if (config.sealedSecrets() == null) {
			return Map.of();
		}
		return JSON.readValue(this.secrets.open(config.sealedSecrets(),
				boundTo(config.tenantId(), config.channel(), config.provider())), STRINGS);
	}

	/** A number that changes whenever the tenant's provider configuration does, for caches to notice. */
	public long version(TenantId tenant) {
		return this.jdbc.sql("select providers_version from tenants where id = :tenant")
			.param("tenant", tenant.value())
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	private static String boundTo(TenantId tenant, String channel, String provider) {
		return "provider-secrets:" + tenant + ":" + channel + ":" + provider;
	}

	private static Map<String, String> hints(Map<String, String> secrets) {
		Map<String, String> hints = new LinkedHashMap<>();
		secrets.forEach((key, value) -> hints.put(key,
				(value == null || value.length() < 12) ? "••••" : "••••" + value.substring(value.length() - 4)));
		return hints;
	}

	private static ProviderConfig map(ResultSet rs) throws SQLException {
		Object rate = rs.getObject("rate_per_second");
		Object burst = rs.getObject("burst");
		return new ProviderConfig(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("channel"), rs.getString("provider"), rs.getInt("priority"), rs.getBoolean("enabled"),
				JSON.readValue(rs.getString("settings"), STRINGS), rs.getBytes("sealed_secrets"),
				JSON.readValue(rs.getString("secret_hints"), STRINGS),
				(rate != null) ? ((Number) rate).doubleValue() : null, (burst != null) ? ((Number) burst).intValue() : null,
				Timestamps.read(rs, "updated_at"));
	}

	/**
	 * What an admin submits for one provider of a channel.
	 * @param secrets new secrets, or empty to keep the ones stored
	 * @param ratePerSecond the provider's sending rate for this tenant, or {@code null} for no limit
	 */
	public record NewProviderConfig(String provider, boolean enabled, Map<String, String> settings,
			Map<String, String> secrets, Double ratePerSecond, Integer burst) {
	}

	/** A stored provider configuration; {@code sealedSecrets} opens only through {@link #openSecrets}. */
	public record ProviderConfig(UUID id, TenantId tenantId, String channel, String provider, int priority,
			boolean enabled, Map<String, String> settings, byte[] sealedSecrets, Map<String, String> secretHints,
			Double ratePerSecond, Integer burst, Instant updatedAt) {

		@Override
		public String toString() {
			return "ProviderConfig[" + this.tenantId + ", " + this.channel + ", " + this.provider + ", priority "
					+ this.priority + "]";
		}

	}

}
