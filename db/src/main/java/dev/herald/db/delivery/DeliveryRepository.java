package dev.herald.db.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.herald.db.Timestamps;
import dev.herald.db.status.ProviderStatus;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deliveries and their attempts. Every change a worker makes is conditional on the claim token it was given, so a
 * worker whose lease ran out can never overwrite the outcome of the worker that took the delivery over.
 */
public class DeliveryRepository {

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	public DeliveryRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Inserts the deliveries, ignoring any that already exist for the same event, subscription, channel and
	 * recipient (at-least-once producers may fan out twice).
	 * @return how many were new
	 */
	public int insertAll(List<NewDelivery> deliveries) {
		if (deliveries.isEmpty()) {
			return 0;
		}
		int[][] counts = this.jdbcTemplate.batchUpdate("""
				insert into deliveries (id, tenant_id, event_ref, subscription_id, channel, recipient, recipient_name,
				                        recipient_locale, template_key, state, max_attempts, next_attempt_at, last_error)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)
				on conflict (event_ref, subscription_id, channel, recipient) do nothing
				""", deliveries, 500, (ps, d) -> {
			ps.setObject(1, d.id());
			ps.setObject(2, d.tenantId().value());
			ps.setObject(3, d.eventRef());
			ps.setObject(4, d.subscriptionId());
			ps.setString(5, d.channel());
			ps.setString(6, d.recipient());
			ps.setString(7, d.recipientName());
			ps.setString(8, d.recipientLocale());
			ps.setString(9, d.templateKey());
			ps.setString(10, d.state().id());
			ps.setInt(11, d.maxAttempts());
			ps.setString(12, d.reason());
		});
		int inserted = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				inserted += Math.max(count, 0);
			}
		}
		return inserted;
	}

	/**
	 * The event's deliveries that no worker has claimed yet, for handing them to the queue again when a redelivered
	 * event finds the first ingestion stored but perhaps not queued (a queue that failed after the commit).
	 */
	public List<NewDelivery> unclaimed(TenantId tenant, UUID eventRef) {
		return this.jdbc.sql("""
				select * from deliveries
				where tenant_id = :tenant and event_ref = :eventRef and state = 'pending' and attempts = 0
				order by created_at, id
				""")
			.param("tenant", tenant.value())
			.param("eventRef", eventRef)
			.query((rs, row) -> new NewDelivery(rs.getObject("id", UUID.class),
					new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getObject("event_ref", UUID.class),
					rs.getObject("subscription_id", UUID.class), rs.getString("channel"), rs.getString("recipient"),
					rs.getString("recipient_name"), rs.getString("recipient_locale"), rs.getString("template_key"),
					DeliveryState.PENDING, rs.getInt("max_attempts"), rs.getString("last_error")))
			.list();
	}

	/**
	 * Records the outcome of one attempt and moves the delivery to its next state, in one statement.
	 * @return {@code false} when the claim is no longer ours (the lease ran out and another worker took over)
	 */
	public boolean complete(Claim claim, Completion completion) {
		// One attempt row per provider call (failover may call several), or one for the attempt when none was made.
		List<ProviderCall> calls = completion.calls().isEmpty()
				? List.of(new ProviderCall(completion.provider(), completion.outcome(), completion.latencyMillis(),
						completion.error()))
				: completion.calls();
		int rows = this.jdbc.sql("""
				with updated as (
				    update deliveries
				    set state = :state, next_attempt_at = coalesce(:next, next_attempt_at), lease_until = null,
				        claim_token = null, last_error = :error, provider = coalesce(:provider, provider),
				        provider_message_id = coalesce(:messageId, provider_message_id), updated_at = now(),
				        delivered_at = case when :state = 'delivered' then now() else delivered_at end
				    where tenant_id = :tenant and id = :id and claim_token = :token and state = 'sending'
				    returning tenant_id, id
				)
				insert into delivery_attempts (tenant_id, delivery_id, attempt, started_at, finished_at, outcome,
				                               latency_ms, provider, error)
				select u.tenant_id, u.id, :attempt, :started, :finished, c.outcome, c.latency, c.provider, c.error
				from updated u
				cross join unnest(cast(:outcomes as text[]), cast(:latencies as integer[]), cast(:providers as text[]),
				                  cast(:errors as text[])) with ordinality as c(outcome, latency, provider, error, n)
				order by c.n
				""")
			.param("state", completion.state().id())
			.param("next", Timestamps.of(completion.nextAttemptAt()))
			.param("error", completion.error())
			.param("provider", completion.provider())
			.param("messageId", completion.providerMessageId())
			.param("tenant", claim.tenantId().value())
			.param("id", claim.deliveryId())
			.param("token", claim.claimToken())
			.param("attempt", claim.attempt())
			.param("started", Timestamps.of(completion.startedAt()))
			.param("finished", Timestamps.of(completion.finishedAt()))
			.param("outcomes", calls.stream().map(ProviderCall::outcome).toArray(String[]::new))
			.param("latencies", calls.stream().map(ProviderCall::latencyMillis).toArray(Integer[]::new))
			.param("providers", calls.stream().map(ProviderCall::provider).toArray(String[]::new))
			.param("errors", calls.stream().map(ProviderCall::error).toArray(String[]::new))
			.update();
		return rows > 0;
	}

	/**
	 * Gives a claimed delivery back to the queue without counting the attempt, e.g. when a provider's sending rate is
	 * used up: it waits until {@code notBefore} and loses nothing of its attempts.
	 * @return {@code false} when the claim is no longer ours
	 */
	public boolean release(Claim claim, Instant notBefore, String note) {
		return this.jdbc.sql("""
				update deliveries
				set state = case when attempts > 1 then 'retrying' else 'pending' end, attempts = attempts - 1,
				    next_attempt_at = :next, lease_until = null, claim_token = null, last_error = coalesce(:note, last_error),
				    updated_at = now()
				where tenant_id = :tenant and id = :id and claim_token = :token and state = 'sending'
				""")
			.param("next", Timestamps.of(notBefore))
			.param("note", note)
			.param("tenant", claim.tenantId().value())
			.param("id", claim.deliveryId())
			.param("token", claim.claimToken())
			.update() == 1;
	}

	/** Puts a dead-lettered delivery back in the queue with a fresh set of attempts. */
	public boolean replay(TenantId tenant, UUID deliveryId) {
		return this.jdbc.sql("""
				update deliveries set state = 'pending', attempts = 0, next_attempt_at = now(), last_error = null,
				                      updated_at = now()
				where tenant_id = :tenant and id = :id and state = 'dead_lettered'
				""")
			.param("tenant", tenant.value())
			.param("id", deliveryId)
			.update() == 1;
	}

	public Optional<DeliveryView> find(TenantId tenant, UUID deliveryId) {
		return this.jdbc.sql(VIEW + " where d.tenant_id = :tenant and d.id = :id")
			.param("tenant", tenant.value())
			.param("id", deliveryId)
			.query((rs, row) -> view(rs))
			.optional();
	}

	public List<DeliveryView> recent(TenantId tenant, int limit) {
		return this.jdbc.sql(VIEW + " where d.tenant_id = :tenant order by d.created_at desc, d.id limit :limit")
			.param("tenant", tenant.value())
			.param("limit", limit)
			.query((rs, row) -> view(rs))
			.list();
	}

	public List<DeliveryView> findByEventId(TenantId tenant, String eventId) {
		return this.jdbc.sql(VIEW + " where d.tenant_id = :tenant and e.event_id = :eventId order by d.created_at, d.id")
			.param("tenant", tenant.value())
			.param("eventId", eventId)
			.query((rs, row) -> view(rs))
			.list();
	}

	public boolean eventExists(TenantId tenant, String eventId) {
		return this.jdbc.sql("select count(*) from events where tenant_id = :tenant and event_id = :eventId")
			.param("tenant", tenant.value())
			.param("eventId", eventId)
			.query(Long.class)
			.single() > 0;
	}

	public List<Attempt> attempts(TenantId tenant, UUID deliveryId) {
		return this.jdbc.sql("""
				select * from delivery_attempts where tenant_id = :tenant and delivery_id = :id order by id
				""")
			.param("tenant", tenant.value())
			.param("id", deliveryId)
			.query((rs, row) -> new Attempt(rs.getInt("attempt"), Timestamps.read(rs, "started_at"),
					Timestamps.read(rs, "finished_at"), rs.getString("outcome"), rs.getInt("latency_ms"),
					rs.getString("provider"), rs.getString("error")))
			.list();
	}

	public Map<DeliveryState, Long> countByState(TenantId tenant) {
		return this.jdbc.sql("select state, count(*) as n from deliveries where tenant_id = :tenant group by state")
			.param("tenant", tenant.value())
			.query((rs, row) -> Map.entry(DeliveryState.fromId(rs.getString("state")), rs.getLong("n")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static final String VIEW = """
			select d.*, e.event_id, e.event_type
			from deliveries d join events e on e.tenant_id = d.tenant_id and e.id = d.event_ref
			""";

	private static DeliveryView view(ResultSet rs) throws SQLException {
		return new DeliveryView(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("event_id"), rs.getString("event_type"), rs.getString("channel"),
				rs.getString("recipient"), rs.getString("template_key"), DeliveryState.fromId(rs.getString("state")),
				rs.getInt("attempts"), rs.getInt("max_attempts"), Timestamps.read(rs, "next_attempt_at"),
				rs.getString("last_error"), rs.getString("provider"), rs.getString("provider_message_id"),
				Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"),
				Timestamps.read(rs, "delivered_at"),
				(rs.getString("outcome") != null) ? ProviderStatus.fromId(rs.getString("outcome")).orElseThrow() : null,
				Timestamps.read(rs, "outcome_at"));
	}

	/** A delivery to create during fan-out; {@code reason} says why when it is created already skipped. */
	public record NewDelivery(UUID id, TenantId tenantId, UUID eventRef, UUID subscriptionId, String channel,
			String recipient, String recipientName, String recipientLocale, String templateKey, DeliveryState state,
			int maxAttempts, String reason) {
	}

	/** A worker's hold on a delivery: valid while the delivery is still {@code sending} with this token. */
	public record Claim(TenantId tenantId, UUID deliveryId, UUID claimToken, int attempt) {
	}

	/**
	 * The result of one attempt and the state it leads to.
	 * @param outcome the attempt's outcome: delivered, retry_later, rejected, render_failed
	 * @param nextAttemptAt when to try again, for {@link DeliveryState#RETRYING}
	 */
	public record Completion(DeliveryState state, String outcome, Instant nextAttemptAt, String error, String provider,
			String providerMessageId, Instant startedAt, Instant finishedAt, int latencyMillis,
			List<ProviderCall> calls) {

		public Completion {
			calls = (calls != null) ? List.copyOf(calls) : List.of();
		}

		/** A completion whose attempt called one provider, or none. */
		public Completion(DeliveryState state, String outcome, Instant nextAttemptAt, String error, String provider,
				String providerMessageId, Instant startedAt, Instant finishedAt, int latencyMillis) {
			this(state, outcome, nextAttemptAt, error, provider, providerMessageId, startedAt, finishedAt,
					latencyMillis, List.of());
		}

	}

	/** One provider call within an attempt: which provider, its outcome, latency and answer. */
	public record ProviderCall(String provider, String outcome, int latencyMillis, String error) {
	}

	/**
	 * A delivery as the console and the API show it.
	 * @param deliveredAt when the provider accepted it
	 * @param outcome what the provider reported afterwards (bounced, opened …), or {@code null} before any report
	 */
	public record DeliveryView(UUID id, TenantId tenantId, String eventId, String eventType, String channel,
			String recipient, String templateKey, DeliveryState state, int attempts, int maxAttempts,
			Instant nextAttemptAt, String lastError, String provider, String providerMessageId, Instant createdAt,
			Instant updatedAt, Instant deliveredAt, ProviderStatus outcome, Instant outcomeAt) {

		/**
		 * The one honest word for where the delivery stands: once the provider accepted it, the provider's latest
		 * report ({@code bounced}, {@code clicked} …), or {@code sent} before any (accepted is not delivered);
		 * before that, or when it was never sent, its state.
		 */
		public String status() {
			if (this.state != DeliveryState.DELIVERED) {
				return this.state.id();
			}
			return (this.outcome != null) ? this.outcome.id() : ProviderStatus.SENT.id();
		}

	}

	/** One recorded attempt. */
	public record Attempt(int attempt, Instant startedAt, Instant finishedAt, String outcome, int latencyMillis,
			String provider, String error) {
	}

}
