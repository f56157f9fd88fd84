package dev.herald.db.subscription;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.herald.db.tenant.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Which event types trigger which template, on which channels, for which recipients. */
public class SubscriptionRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<FixedRecipient>> FIXED = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	public SubscriptionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Subscription create(TenantId tenant, NewSubscription subscription) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into subscriptions (id, tenant_id, name, event_type, template_key, channels, recipient_rule,
				                           fixed_recipients, enabled)
				values (:id, :tenant, :name, :type, :key, :channels, :rule, cast(:fixed as jsonb), :enabled)
				""")
			.param("id", id)
			.param("tenant", tenant.value())
			.param("name", subscription.name())
			.param("type", subscription.eventType())
			.param("key", subscription.templateKey())
			.param("channels", subscription.channels().toArray(String[]::new))
			.param("rule", subscription.recipientRule().id())
			.param("fixed", JSON.writeValueAsString(subscription.fixedRecipients()))
			.param("enabled", subscription.enabled())
			.update();
		return new Subscription(id, tenant, subscription.name(), subscription.eventType(), subscription.templateKey(),
				List.copyOf(subscription.channels()), subscription.recipientRule(),
				List.copyOf(subscription.fixedRecipients()), subscription.enabled());
	}

	/** The enabled subscriptions of this tenant for an event type, oldest first so fan-out order is stable. */
	public List<Subscription> findEnabled(TenantId tenant, String eventType) {
		return this.jdbc.sql("""
				select * from subscriptions where tenant_id = :tenant and event_type = :type and enabled
				order by created_at, id
				""")
			.param("tenant", tenant.value())
			.param("type", eventType)
			.query((rs, row) -> map(rs))
			.list();
	}

	public List<Subscription> list(TenantId tenant) {
		return this.jdbc.sql("select * from subscriptions where tenant_id = :tenant order by event_type, created_at")
			.param("tenant", tenant.value())
			.query((rs, row) -> map(rs))
			.list();
	}

	private static Subscription map(ResultSet rs) throws SQLException {
		Array channels = rs.getArray("channels");
		return new Subscription(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("name"), rs.getString("event_type"), rs.getString("template_key"),
				Arrays.asList((String[]) channels.getArray()), RecipientRule.fromId(rs.getString("recipient_rule")),
				JSON.readValue(rs.getString("fixed_recipients"), FIXED), rs.getBoolean("enabled"));
	}

	/** Who receives what a subscription sends. */
	public enum RecipientRule {

		/** The customer the event is about, at the address the event carries for each channel. */
		CUSTOMER("customer"),
		/** A fixed list of addresses, e.g. the shop's operations team. */
		FIXED("fixed");

		private final String id;

		RecipientRule(String id) {
			this.id = id;
		}

		public String id() {
			return this.id;
		}

		static RecipientRule fromId(String id) {
			return Arrays.stream(values())
				.filter((rule) -> rule.id.equals(id))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Unknown recipient rule " + id));
		}

	}

	/** An address on one channel for {@link RecipientRule#FIXED}. */
	public record FixedRecipient(String channel, String address, String name, String locale) {
	}

	/** What an admin submits to create a subscription. */
	public record NewSubscription(String name, String eventType, String templateKey, List<String> channels,
			RecipientRule recipientRule, List<FixedRecipient> fixedRecipients, boolean enabled) {
	}

	/** A stored subscription. */
	public record Subscription(UUID id, TenantId tenantId, String name, String eventType, String templateKey,
			List<String> channels, RecipientRule recipientRule, List<FixedRecipient> fixedRecipients,
			boolean enabled) {
	}

}
