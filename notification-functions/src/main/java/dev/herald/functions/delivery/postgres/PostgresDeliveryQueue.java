package dev.herald.functions.delivery.postgres;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.herald.db.delivery.DeliveryRepository.Claim;
import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
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
	public List<ClaimedDelivery> claim(int max) {
		deadLetterAbandoned();
		UUID token = UUID.randomUUID();
		return this.jdbc.sql("""
				with due as (
				    select id from deliveries
				    where (state in ('pending', 'retrying') and next_attempt_at <= now())
				       or (state = 'sending' and lease_until < now() and attempts < max_attempts)
				    order by next_attempt_at
				    limit :max
				    for update skip locked
				)
				update deliveries d
				set state = 'sending', attempts = d.attempts + 1, claim_token = :token,
				    lease_until = now() + make_interval(secs => :leaseSeconds), updated_at = now()
				from due where d.id = due.id
				returning d.*
				""")
			.param("max", max)
			.param("token", token)
			.param("leaseSeconds", this.lease.toMillis() / 1000.0)
			.query((rs, row) -> new ClaimedDelivery(
					new Claim(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class),
							token, rs.getInt("attempts")),
					rs.getObject("event_ref", UUID.class), rs.getObject("subscription_id", UUID.class),
					rs.getString("channel"), rs.getString("recipient"), rs.getString("recipient_name"),
					rs.getString("recipient_locale"), rs.getString("template_key"), rs.getInt("max_attempts")))
			.list();
	}

	/** A delivery whose last allowed attempt never reported back is given up on, with the reason. */
	private void deadLetterAbandoned() {
		this.jdbc.sql("""
				with abandoned as (
				    update deliveries
				    set state = 'dead_lettered', claim_token = null, lease_until = null, updated_at = now(),
				        last_error = 'the worker sending the final attempt stopped before reporting back'
				    where state = 'sending' and lease_until < now() and attempts >= max_attempts
				    returning tenant_id, id, attempts, updated_at
				)
				insert into delivery_attempts (tenant_id, delivery_id, attempt, started_at, finished_at, outcome,
				                               latency_ms, error)
				select tenant_id, id, attempts, updated_at, updated_at, 'lease_expired', 0,
				       'the worker stopped before reporting back'
				from abandoned
				""").update();
	}

}
