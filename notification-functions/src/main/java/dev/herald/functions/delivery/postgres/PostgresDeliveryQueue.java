package dev.herald.functions.delivery.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.delivery.DeliveryRepository.Claim;
import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.tenant.TenantId;
import dev.herald.functions.delivery.ClaimedDelivery;
import dev.herald.functions.delivery.DeliveryQueue;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The deliveries table as a queue. Due rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of workers
 * in any number of server instances never claim the same row, and leased: a row whose worker died is claimed again
 * once its lease runs out. The attempt is counted at claim time, so a delivery that keeps killing its worker still
 * ends dead-lettered instead of looping forever.
 */
public class PostgresDeliveryQueue implements DeliveryQueue {

	/** A row may be claimed: waiting and due, or sending under a lease that ran out with attempts left. */
	private static final String CLAIMABLE = """
			((state in ('pending', 'retrying') and next_attempt_at <= now())
			  or (state = 'sending' and lease_until < now() and attempts < max_attempts))
			""";

	private final JdbcClient jdbc;

	private final Duration lease;

	public PostgresDeliveryQueue(JdbcClient jdbc, Duration lease) {
		this.jdbc = jdbc;
		this.lease = lease;
	}

	@Override
	public void publish(List<NewDelivery> deliveries) {
		// The committed rows already are the queue: workers find them on their next poll.
	}

	@Override
	public void schedule(TenantId tenant, UUID deliveryId, Instant notBefore) {
		// The row's next_attempt_at already says when: workers find it on the first poll after that.
	}

	@Override
	public List<ClaimedDelivery> claim(int max) {
		deadLetterAbandoned(null);
		UUID token = UUID.randomUUID();
		return this.jdbc.sql("""
				with due as (
				    select id from deliveries
				    where %s
				    order by next_attempt_at
				    limit :max
				    for update skip locked
				)
				update deliveries d
				set state = 'sending', attempts = d.attempts + 1, claim_token = :token,
				    lease_until = now() + make_interval(secs => :leaseSeconds), updated_at = now()
				from due where d.id = due.id
				returning d.*
				""".formatted(CLAIMABLE))
			.param("max", max)
			.param("token", token)
			.param("leaseSeconds", this.lease.toMillis() / 1000.0)
			.query((rs, row) -> claimed(rs, token))
			.list();
	}

	/**
	 * Claims exactly these deliveries, with the same lease and claim-token rules as {@link #claim(int)}: a delivery is
	 * claimed only if it is due and no live lease holds it. For a queue whose messages name the deliveries (SQS), which
	 * may arrive twice, early, or for a delivery that has meanwhile finished.
	 * @return what became of each requested delivery, in the order asked
	 */
	public Map<DeliveryRef, ByIdClaim> claim(Collection<DeliveryRef> deliveries) {
		Map<DeliveryRef, ByIdClaim> results = new LinkedHashMap<>();
		if (deliveries.isEmpty()) {
			return results;
		}
		UUID[] tenants = deliveries.stream().map((ref) -> ref.tenant().value()).toArray(UUID[]::new);
		UUID[] ids = deliveries.stream().map(DeliveryRef::deliveryId).toArray(UUID[]::new);
		deadLetterAbandoned(ids);
		UUID token = UUID.randomUUID();
		Map<UUID, ClaimedDelivery> claimed = new HashMap<>();
		this.jdbc.sql("""
				with due as (
				    select id from deliveries
				    where (tenant_id, id) in (select * from unnest(cast(:tenants as uuid[]), cast(:ids as uuid[])))
				      and %s
				    for update skip locked
				)
				update deliveries d
				set state = 'sending', attempts = d.attempts + 1, claim_token = :token,
				    lease_until = now() + make_interval(secs => :leaseSeconds), updated_at = now()
				from due where d.id = due.id
				returning d.*
				""".formatted(CLAIMABLE))
			.param("tenants", tenants)
			.param("ids", ids)
			.param("token", token)
			.param("leaseSeconds", this.lease.toMillis() / 1000.0)
			.query((rs, row) -> claimed(rs, token))
			.list()
			.forEach((delivery) -> claimed.put(delivery.id(), delivery));
		Map<UUID, ByIdClaim> others = new HashMap<>();
		if (claimed.size() < deliveries.size()) {
			this.jdbc.sql("""
					select id, state, lease_until, next_attempt_at from deliveries
					where (tenant_id, id) in (select * from unnest(cast(:tenants as uuid[]), cast(:ids as uuid[])))
					""")
				.param("tenants", tenants)
				.param("ids", ids)
				.query((rs, row) -> Map.entry(rs.getObject("id", UUID.class), unclaimed(rs)))
				.list()
				.forEach((entry) -> others.put(entry.getKey(), entry.getValue()));
		}
		for (DeliveryRef ref : deliveries) {
			// A delivery named twice is claimed once: the map keeps the first mention.
			ClaimedDelivery delivery = claimed.get(ref.deliveryId());
			results.putIfAbsent(ref, (delivery != null) ? new ByIdClaim.Claimed(delivery)
					: others.getOrDefault(ref.deliveryId(), new ByIdClaim.Unknown()));
		}
		return results;
	}

	/**
	 * Where these deliveries stand, without claiming or changing anything: for messages taken out of a dead-letter
	 * queue, to tell those still worth sending back from those already settled.
	 * @return each delivery found, by reference; one that is absent does not exist for that tenant
	 */
	public Map<DeliveryRef, DeliveryState> states(Collection<DeliveryRef> deliveries) {
		Map<DeliveryRef, DeliveryState> states = new HashMap<>();
		if (deliveries.isEmpty()) {
			return states;
		}
		this.jdbc.sql("""
				select tenant_id, id, state from deliveries
				where (tenant_id, id) in (select * from unnest(cast(:tenants as uuid[]), cast(:ids as uuid[])))
				""")
			.param("tenants", deliveries.stream().map((ref) -> ref.tenant().value()).toArray(UUID[]::new))
			.param("ids", deliveries.stream().map(DeliveryRef::deliveryId).toArray(UUID[]::new))
			.query((rs, row) -> Map.entry(
					new DeliveryRef(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class)),
					DeliveryState.fromId(rs.getString("state"))))
			.list()
			.forEach((entry) -> states.put(entry.getKey(), entry.getValue()));
		return states;
	}

	/**
	 * Deliveries of every tenant that are due but that no queue message seems to be bringing: waiting and due for
	 * longer than {@code grace}, or sending under a lease that ran out more than {@code grace} ago. Read only, one
	 * page at a time in the order they became due, through the partial indexes on {@code next_attempt_at} and
	 * {@code lease_until}.
	 * @param after the last delivery of the previous page, or {@link Stranded#FIRST}
	 */
	public List<Stranded> stranded(Duration grace, Stranded after, int limit) {
		return this.jdbc.sql("""
				select tenant_id, id, due_since from (
				    (select tenant_id, id, next_attempt_at as due_since from deliveries
				     where state in ('pending', 'retrying')
				       and next_attempt_at < now() - make_interval(secs => :graceSeconds)
				       and (next_attempt_at, id) > (:afterAt, :afterId)
				     order by next_attempt_at, id limit :limit)
				    union all
				    (select tenant_id, id, lease_until from deliveries
				     where state = 'sending'
				       and lease_until < now() - make_interval(secs => :graceSeconds)
				       and (lease_until, id) > (:afterAt, :afterId)
				     order by lease_until, id limit :limit)
				) stranded
				order by due_since, id
				limit :limit
				""")
			.param("graceSeconds", grace.toMillis() / 1000.0)
			.param("afterAt", Timestamps.of(after.dueSince()))
			.param("afterId", after.delivery().deliveryId())
			.param("limit", limit)
			.query((rs, row) -> new Stranded(
					new DeliveryRef(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class)),
					Timestamps.read(rs, "due_since")))
			.list();
	}

	private static ByIdClaim unclaimed(ResultSet rs) throws SQLException {
		return switch (rs.getString("state")) {
			case "sending" -> new ByIdClaim.Leased(Timestamps.read(rs, "lease_until"));
			case "pending", "retrying" -> new ByIdClaim.NotDue(Timestamps.read(rs, "next_attempt_at"));
			default -> new ByIdClaim.Settled(rs.getString("state"));
		};
	}

	private ClaimedDelivery claimed(ResultSet rs, UUID token) throws SQLException {
		return new ClaimedDelivery(
				new Claim(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class), token,
						rs.getInt("attempts")),
				rs.getObject("event_ref", UUID.class), rs.getObject("subscription_id", UUID.class),
				rs.getString("channel"), rs.getString("recipient"), rs.getString("recipient_name"),
				rs.getString("recipient_locale"), rs.getString("template_key"), rs.getInt("max_attempts"));
	}

	/**
	 * A delivery whose last allowed attempt never reported back is given up on, with the reason.
	 * @param ids only these deliveries, or all when {@code null}
	 */
	private void deadLetterAbandoned(UUID[] ids) {
		String only = (ids != null) ? "and id = any(cast(:ids as uuid[]))" : "";
		var statement = this.jdbc.sql("""
				with abandoned as (
				    update deliveries
				    set state = 'dead_lettered', claim_token = null, lease_until = null, updated_at = now(),
				        last_error = 'the worker sending the final attempt stopped before reporting back'
				    where state = 'sending' and lease_until < now() and attempts >= max_attempts %s
				    returning tenant_id, id, attempts, updated_at
				)
				insert into delivery_attempts (tenant_id, delivery_id, attempt, started_at, finished_at, outcome,
				                               latency_ms, error)
				select tenant_id, id, attempts, updated_at, updated_at, 'lease_expired', 0,
				       'the worker stopped before reporting back'
				from abandoned
				""".formatted(only));
		((ids != null) ? statement.param("ids", ids) : statement).update();
	}

	/** A delivery named by a queue message: its tenant and id. */
	public record DeliveryRef(TenantId tenant, UUID deliveryId) {
	}

	/** A delivery found stranded, and since when it has been due (or its lease over). */
	public record Stranded(DeliveryRef delivery, Instant dueSince) {

		/** Before every delivery: where the first page starts. */
		public static final Stranded FIRST = new Stranded(new DeliveryRef(new TenantId(new UUID(0, 0)), new UUID(0, 0)),
				Instant.EPOCH);

	}

	/** What claiming one named delivery gave. */
	public sealed interface ByIdClaim {

		/** Claimed for the caller, leased. */
		record Claimed(ClaimedDelivery delivery) implements ByIdClaim {
		}

		/** Delivered, dead-lettered or skipped: nothing left to do. */
		record Settled(String state) implements ByIdClaim {
		}

		/** Another worker holds it until {@code until} (or its claim is committing right now). */
		record Leased(Instant until) implements ByIdClaim {
		}

		/** Waiting, due only at {@code at}. */
		record NotDue(Instant at) implements ByIdClaim {
		}

		/** No such delivery of that tenant. */
		record Unknown() implements ByIdClaim {
		}

	}

}
