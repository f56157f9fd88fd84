package dev.herald.db.suppression;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each tenant's suppression list. Addresses are stored and looked up {@link Addresses#normalize normalized}, and every
 * query is the tenant's own: one tenant's bounce never stops another tenant's mail.
 */
public class SuppressionRepository {

	private final JdbcClient jdbc;

	public SuppressionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Suppresses an address; an address already suppressed keeps its first reason.
	 * @return {@code true} when the address was not suppressed before
	 */
	public boolean add(TenantId tenant, NewSuppression suppression) {
		return this.jdbc.sql("""
				insert into suppressions (id, tenant_id, channel, address, reason, source, detail, delivery_id)
				values (:id, :tenant, :channel, :address, :reason, :source, :detail, :delivery)
				on conflict (tenant_id, channel, address) do nothing
				""")
			.param("id", UUID.randomUUID())
			.param("tenant", tenant.value())
			.param("channel", suppression.channel())
			.param("address", Addresses.normalize(suppression.channel(), suppression.address()))
			.param("reason", suppression.reason().id())
			.param("source", suppression.source())
			.param("detail", suppression.detail())
			.param("delivery", suppression.deliveryId())
			.update() == 1;
	}

	public Optional<Suppression> find(TenantId tenant, String channel, String address) {
		return this.jdbc.sql("""
				select * from suppressions where tenant_id = :tenant and channel = :channel and address = :address
				""")
			.param("tenant", tenant.value())
			.param("channel", channel)
			.param("address", Addresses.normalize(channel, address))
			.query((rs, row) -> map(rs))
			.optional();
	}

	/** The suppressed ones among {@code addresses} of a channel, by the address as given. */
	public Map<String, Suppression> findAmong(TenantId tenant, String channel, Collection<String> addresses) {
		Map<String, Suppression> found = new LinkedHashMap<>();
		if (addresses.isEmpty()) {
			return found;
		}
		Map<String, Suppression> byNormalized = new LinkedHashMap<>();
		this.jdbc.sql("""
				select * from suppressions
				where tenant_id = :tenant and channel = :channel and address = any(cast(:addresses as text[]))
				""")
			.param("tenant", tenant.value())
			.param("channel", channel)
			.param("addresses",
					addresses.stream().map((address) -> Addresses.normalize(channel, address)).toArray(String[]::new))
			.query((rs, row) -> map(rs))
			.list()
			.forEach((suppression) -> byNormalized.put(suppression.address(), suppression));
		for (String address : addresses) {
			Suppression suppression = byNormalized.get(Addresses.normalize(channel, address));
			if (suppression != null) {
				found.put(address, suppression);
			}
		}
		return found;
	}

	/**
	 * A page of the tenant's suppressions, newest first.
	 * @param search part of an address to look for, case-insensitive; {@code null} or blank for all
	 */
	public Page list(TenantId tenant, String search, int offset, int limit) {
		String pattern = (search == null || search.isBlank()) ? null
				: "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		String where = "where tenant_id = :tenant" + ((pattern != null) ? " and address ilike :pattern" : "");
		var count = this.jdbc.sql("select count(*) from suppressions " + where).param("tenant", tenant.value());
		var items = this.jdbc
			.sql("select * from suppressions " + where + " order by created_at desc, id limit :limit offset :offset")
			.param("tenant", tenant.value())
			.param("limit", limit)
			.param("offset", offset);
		if (pattern != null) {
			count = count.param("pattern", pattern);
			items = items.param("pattern", pattern);
		}
		return new Page(items.query((rs, row) -> map(rs)).list(), count.query(Long.class).single(), offset, limit);
	}

	/** Removes one suppression: the address may be sent to again. */
	public boolean remove(TenantId tenant, UUID id) {
		return this.jdbc.sql("delete from suppressions where tenant_id = :tenant and id = :id")
			.param("tenant", tenant.value())
			.param("id", id)
			.update() == 1;
	}

	private static Suppression map(ResultSet rs) throws SQLException {
		return new Suppression(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("channel"), rs.getString("address"), Reason.fromId(rs.getString("reason")),
				rs.getString("source"), rs.getString("detail"), rs.getObject("delivery_id", UUID.class),
				Timestamps.read(rs, "created_at"));
	}

	/** Why an address is suppressed. */
	public enum Reason {

		/** The mailbox does not exist (a permanent bounce). */
		HARD_BOUNCE("hard_bounce"),
		/** The recipient marked a message as spam. */
		COMPLAINT("complaint"),
		/** The recipient opted out at the provider, e.g. replied STOP. */
		OPTED_OUT("opted_out"),
		/** The number cannot receive messages (unknown, landline, not mobile). */
		UNREACHABLE("unreachable"),
		/** Added by hand. */
		MANUAL("manual");

		private final String id;

		Reason(String id) {
			this.id = id;
		}

		public String id() {
			return this.id;
		}

		public static Reason fromId(String id) {
			for (Reason reason : values()) {
				if (reason.id.equals(id)) {
					return reason;
				}
			}
			throw new IllegalArgumentException("Unknown suppression reason " + id);
		}

	}

	/**
	 * An address to suppress.
	 * @param source who reported it, e.g. {@code ses}, {@code twilio}
	 * @param detail the provider's words, e.g. the bounce's diagnostic code
	 * @param deliveryId the delivery whose report led to it, or {@code null}
	 */
	public record NewSuppression(String channel, String address, Reason reason, String source, String detail,
			UUID deliveryId) {

		public NewSuppression {
			Objects.requireNonNull(channel, "channel");
			Objects.requireNonNull(address, "address");
			Objects.requireNonNull(reason, "reason");
			Objects.requireNonNull(source, "source");
		}

	}

	/** A suppressed address. */
	public record Suppression(UUID id, TenantId tenantId, String channel, String address, Reason reason, String source,
			String detail, UUID deliveryId, Instant createdAt) {

		/** Why sending to this address is not attempted, as deliveries show it. */
		public String describe() {
			return "the address is suppressed: " + this.reason.id().replace('_', ' ') + " reported by " + this.source
					+ " at " + this.createdAt + ((this.detail != null) ? " (" + this.detail + ")" : "");
		}

	}

	/** One page of suppressions and how many there are in all. */
	public record Page(List<Suppression> items, long total, int offset, int limit) {
	}

}
