package dev.herald.db.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.Timestamps;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Outbound webhook endpoints and their outbox. Each endpoint's signing secret is needed in the clear to sign (HMAC),
 * so it is sealed with the {@link SecretBox}, bound to tenant and endpoint, and opened only for a claimed message.
 * The outbox holds at most one message per endpoint, delivery and event type, so a status applied twice (a provider
 * repeating itself, a retried transaction) makes one message.
 */
public class WebhookRepository {

	private static final String ENDPOINT_COLUMNS = """
			id, tenant_id, url, description, event_types, enabled, include_recipient, secret_rotated_at, created_at,
			updated_at""";

	/**
	 * The event types endpoints are told about: a provider's report on a delivery ({@code delivery.<provider status>})
	 * and the sending pipeline settling it ({@code delivery.sent} once a provider accepted it,
	 * {@code delivery.dead_lettered}, {@code delivery.skipped}).
	 */
	public static final List<String> EVENT_TYPES = List.of("delivery.sent", "delivery.delayed", "delivery.delivered",
			"delivery.opened", "delivery.clicked", "delivery.soft_bounced", "delivery.failed", "delivery.bounced",
			"delivery.complained", "delivery.dead_lettered", "delivery.skipped");

	private final JdbcClient jdbc;

	private final SecretBox secrets;

	public WebhookRepository(JdbcClient jdbc, SecretBox secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	public Endpoint create(TenantId tenant, NewEndpoint endpoint, String secret) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into webhook_endpoints (id, tenant_id, url, description, event_types, enabled,
				                               include_recipient, sealed_secret)
				values (:id, :tenant, :url, :description, cast(:types as text[]), :enabled, :includeRecipient, :sealed)
				""")
			.param("id", id)
			.param("tenant", tenant.value())
			.param("url", endpoint.url())
			.param("description", endpoint.description())
			.param("types", endpoint.eventTypes().toArray(String[]::new))
			.param("enabled", endpoint.enabled())
			.param("includeRecipient", endpoint.includeRecipient())
			.param("sealed", this.secrets.seal(secret, boundTo(tenant, id)))
			.update();
		return find(tenant, id).orElseThrow();
	}

	/** The tenant's endpoints, oldest first, never their secrets. */
	public List<Endpoint> list(TenantId tenant) {
		return this.jdbc.sql("select " + ENDPOINT_COLUMNS
				+ " from webhook_endpoints where tenant_id = :tenant order by created_at, id")
			.param("tenant", tenant.value())
			.query((rs, row) -> endpoint(rs))
			.list();
	}

	public Optional<Endpoint> find(TenantId tenant, UUID id) {
		return this.jdbc.sql("select " + ENDPOINT_COLUMNS
				+ " from webhook_endpoints where tenant_id = :tenant and id = :id")
			.param("tenant", tenant.value())
			.param("id", id)
			.query((rs, row) -> endpoint(rs))
			.optional();
	}

	/** Applies the change's non-null fields; empty when the tenant has no such endpoint. */
	public Optional<Endpoint> update(TenantId tenant, UUID id, EndpointChange change) {
		int updated = this.jdbc.sql("""
				update webhook_endpoints set url = coalesce(cast(:url as text), url),
				    description = coalesce(cast(:description as text), description),
				    event_types = coalesce(cast(:types as text[]), event_types),
				    enabled = coalesce(cast(:enabled as boolean), enabled),
				    include_recipient = coalesce(cast(:includeRecipient as boolean), include_recipient),
				    updated_at = now()
				where tenant_id = :tenant and id = :id
				""")
			.param("tenant", tenant.value())
			.param("id", id)
			.param("url", change.url())
			.param("description", change.description())
			.param("types", (change.eventTypes() != null) ? change.eventTypes().toArray(String[]::new) : null)
			.param("enabled", change.enabled())
			.param("includeRecipient", change.includeRecipient())
			.update();
		return (updated == 1) ? find(tenant, id) : Optional.empty();
	}

	/** Deletes the endpoint with its messages and their attempts. */
	public boolean delete(TenantId tenant, UUID id) {
		return this.jdbc.sql("delete from webhook_endpoints where tenant_id = :tenant and id = :id")
			.param("tenant", tenant.value())
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Replaces the endpoint's signing secret: messages signed from now on (retries included) use the new one, and also
	 * the old one, as a second signature, for {@code keepPrevious} (zero: the old one stops at once, e.g. when leaked).
	 */
	public boolean rotateSecret(TenantId tenant, UUID id, String secret, Duration keepPrevious) {
		boolean keep = keepPrevious.isPositive();
		return this.jdbc.sql("""
				update webhook_endpoints
				set previous_sealed_secret = case when :keep then sealed_secret end,
				    previous_secret_expires_at = case when :keep
				        then now() + cast(:keepMillis as bigint) * interval '1 millisecond' end,
				    sealed_secret = :sealed, secret_rotated_at = now(), updated_at = now()
				where tenant_id = :tenant and id = :id
				""")
			.param("tenant", tenant.value())
			.param("id", id)
			.param("keep", keep)
			.param("keepMillis", keepPrevious.toMillis())
			.param("sealed", this.secrets.seal(secret, boundTo(tenant, id)))
			.update() == 1;
	}

	/**
	 * Puts a message about this status change in the outbox of every enabled endpoint of the tenant that wants its
	 * type, with its payload (the Standard Webhooks body) fixed now, so every try sends the same bytes. A message
	 * already there for the endpoint, delivery and type is kept as it is.
	 * @return how many messages were added
	 */
	public int enqueue(TenantId tenant, StatusChange change) {
		return this.jdbc.sql("""
				insert into webhook_messages (id, tenant_id, endpoint_id, delivery_id, event_type, payload, state)
				select gen_random_uuid(), e.tenant_id, e.id, d.id, cast(:type as text),
				       jsonb_build_object('type', cast(:type as text), 'timestamp', cast(:at as text),
				           'data', jsonb_build_object('deliveryId', d.id, 'eventId', ev.event_id,
				               'eventType', ev.event_type, 'channel', d.channel,
				               'recipient', case when e.include_recipient then d.recipient
				                                 when position('@' in d.recipient) > 1
				                                     then left(d.recipient, 1) || '***'
				                                          || substr(d.recipient, position('@' in d.recipient))
				                                 when length(d.recipient) > 6 then '***' || right(d.recipient, 4)
				                                 else '***' end,
				               'status', cast(:status as text), 'provider', cast(:provider as text),
				               'reason', cast(:reason as text), 'at', cast(:at as text))) #>> '{}',
				       'pending'
				from webhook_endpoints e
				join deliveries d on d.tenant_id = e.tenant_id and d.id = :delivery
				join events ev on ev.tenant_id = d.tenant_id and ev.id = d.event_ref
				where e.tenant_id = :tenant and e.enabled
				  and (cardinality(e.event_types) = 0 or cast(:type as text) = any(e.event_types))
				on conflict (tenant_id, endpoint_id, delivery_id, event_type) do nothing
				""")
			.param("tenant", tenant.value())
			.param("delivery", change.deliveryId())
			.param("type", change.type())
			.param("status", change.status())
			.param("provider", change.provider())
			.param("reason", change.reason())
			.param("at", change.at().toString())
			.update();
	}

	/** The endpoint's messages, newest first. */
	public List<Message> messages(TenantId tenant, UUID endpointId, int limit) {
		return this.jdbc.sql("""
				select * from webhook_messages where tenant_id = :tenant and endpoint_id = :endpoint
				order by created_at desc, id limit :limit
				""")
			.param("tenant", tenant.value())
			.param("endpoint", endpointId)
			.param("limit", limit)
			.query((rs, row) -> message(rs))
			.list();
	}

	public Optional<Message> findMessage(TenantId tenant, UUID endpointId, UUID messageId) {
		return this.jdbc.sql("""
				select * from webhook_messages where tenant_id = :tenant and endpoint_id = :endpoint and id = :id
				""")
			.param("tenant", tenant.value())
			.param("endpoint", endpointId)
			.param("id", messageId)
			.query((rs, row) -> message(rs))
			.optional();
	}

	/** A message's tries, oldest first. */
	public List<Attempt> attempts(TenantId tenant, UUID messageId) {
		return this.jdbc.sql("""
				select * from webhook_attempts where tenant_id = :tenant and message_id = :message order by id
				""")
			.param("tenant", tenant.value())
			.param("message", messageId)
			.query((rs, row) -> new Attempt(rs.getInt("attempt"), Timestamps.read(rs, "started_at"),
					rs.getInt("latency_ms"), (Integer) rs.getObject("status_code"), rs.getString("outcome"),
					rs.getString("error"), rs.getString("response_snippet")))
			.list();
	}

	/**
	 * Sends a settled (delivered or failed) message again, with the same webhook id and body and a full set of tries.
	 */
	public Replay replay(TenantId tenant, UUID endpointId, UUID messageId) {
		int replayed = this.jdbc.sql("""
				update webhook_messages set state = 'pending', next_attempt_at = now(), replayed_after = attempts,
				    last_error = null, updated_at = now()
				where tenant_id = :tenant and endpoint_id = :endpoint and id = :id and state <> 'pending'
				""")
			.param("tenant", tenant.value())
			.param("endpoint", endpointId)
			.param("id", messageId)
			.update();
		if (replayed == 1) {
			return Replay.REPLAYED;
		}
		return this.jdbc.sql("""
				select count(*) from webhook_messages where tenant_id = :tenant and endpoint_id = :endpoint and id = :id
				""")
			.param("tenant", tenant.value())
			.param("endpoint", endpointId)
			.param("id", messageId)
			.query(Long.class)
			.single() == 0 ? Replay.NOT_FOUND : Replay.STILL_PENDING;
	}

	/**
	 * Claims up to {@code max} due messages of enabled endpoints, across tenants, with {@code FOR UPDATE SKIP LOCKED}
	 * and a lease: a message whose worker died is claimed again when the lease runs out. The try is counted here, so
	 * a message that keeps killing its worker still runs out of tries. Each comes with its endpoint's opened secret.
	 */
	public List<ClaimedMessage> claim(int max, Duration lease) {
		UUID token = UUID.randomUUID();
		return this.jdbc.sql("""
				with due as (
				    select m.id from webhook_messages m
				    join webhook_endpoints e on e.tenant_id = m.tenant_id and e.id = m.endpoint_id
				    where m.state = 'pending' and m.next_attempt_at <= now() and e.enabled
				      and (m.lease_until is null or m.lease_until < now())
				    order by m.next_attempt_at
				    limit :max
				    for update of m skip locked
				)
				update webhook_messages m
				set attempts = m.attempts + 1, claim_token = :token,
				    lease_until = now() + cast(:leaseMillis as bigint) * interval '1 millisecond', updated_at = now()
				from due, webhook_endpoints e
				where m.id = due.id and e.tenant_id = m.tenant_id and e.id = m.endpoint_id
				returning m.id, m.tenant_id, m.endpoint_id, m.event_type, m.payload, m.attempts, m.replayed_after,
				          e.url, e.sealed_secret,
				          case when e.previous_secret_expires_at > now() then e.previous_sealed_secret end
				              as previous_sealed_secret
				""")
			.param("max", max)
			.param("token", token)
			.param("leaseMillis", lease.toMillis())
			.query((rs, row) -> {
				TenantId tenant = new TenantId(rs.getObject("tenant_id", UUID.class));
				UUID endpoint = rs.getObject("endpoint_id", UUID.class);
				// Sealed with another key: this message fails alone rather than the whole batch forever.
				String secret = openOrNull(rs.getBytes("sealed_secret"), tenant, endpoint);
				byte[] previous = rs.getBytes("previous_sealed_secret");
				return new ClaimedMessage(rs.getObject("id", UUID.class), tenant, endpoint, rs.getString("url"), secret,
						(previous != null) ? openOrNull(previous, tenant, endpoint) : null,
						rs.getString("event_type"), rs.getString("payload"), rs.getInt("attempts"),
						rs.getInt("attempts") - rs.getInt("replayed_after"), token);
			})
			.list();
	}

	/**
	 * Records a claimed message's try and what comes next, if the claim still holds (its lease did not run out and
	 * let another worker take it).
	 */
	public boolean finish(UUID messageId, UUID claimToken, AttemptResult result) {
		return this.jdbc.sql("""
				with updated as (
				    update webhook_messages set state = :state, next_attempt_at = coalesce(cast(:next as timestamptz), next_attempt_at),
				        lease_until = null, claim_token = null, last_error = :error, updated_at = now()
				    where id = :id and claim_token = :token
				    returning tenant_id, id, attempts
				)
				insert into webhook_attempts (tenant_id, message_id, attempt, started_at, latency_ms, status_code,
				                              outcome, error, response_snippet)
				select tenant_id, id, attempts, :started, :latency, :code, :outcome, :error, :snippet from updated
				""")
			.param("id", messageId)
			.param("token", claimToken)
			.param("state", switch (result.outcome()) {
				case DELIVERED -> "delivered";
				case RETRY_LATER -> "pending";
				case FAILED -> "failed";
			})
			.param("next", Timestamps.of(result.nextAttemptAt()))
			.param("error", result.error())
			.param("started", Timestamps.of(result.startedAt()))
			.param("latency", (int) Math.min(Integer.MAX_VALUE, result.latency().toMillis()))
			.param("code", result.statusCode(), java.sql.Types.INTEGER)
			.param("outcome", result.outcome().id())
			.param("snippet", result.responseSnippet())
			.update() == 1;
	}

	private String openOrNull(byte[] sealed, TenantId tenant, UUID endpoint) {
		try {
			return this.secrets.open(sealed, boundTo(tenant, endpoint));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return null;
		}
	}

	private static String boundTo(TenantId tenant, UUID endpointId) {
		return "webhook-endpoint:" + tenant + ":" + endpointId;
	}

	private static Endpoint endpoint(ResultSet rs) throws SQLException {
		return new Endpoint(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getString("url"), rs.getString("description"),
				List.of((String[]) rs.getArray("event_types").getArray()), rs.getBoolean("enabled"),
				rs.getBoolean("include_recipient"), Timestamps.read(rs, "secret_rotated_at"),
				Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"));
	}

	private static Message message(ResultSet rs) throws SQLException {
		return new Message(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
				rs.getObject("delivery_id", UUID.class), rs.getString("event_type"), rs.getString("payload"),
				rs.getString("state"), rs.getInt("attempts"), Timestamps.read(rs, "next_attempt_at"),
				rs.getString("last_error"), Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"));
	}

	/**
	 * An endpoint to create.
	 * @param eventTypes the event types it wants ({@code delivery.bounced} …); empty for all
	 * @param includeRecipient whether payloads carry the recipient's address in full (else masked)
	 */
	public record NewEndpoint(String url, String description, List<String> eventTypes, boolean enabled,
			boolean includeRecipient) {

		public NewEndpoint {
			Objects.requireNonNull(url, "url");
			eventTypes = (eventTypes != null) ? List.copyOf(eventTypes) : List.of();
		}

	}

	/** Changes to an endpoint; {@code null} fields stay as they are. */
	public record EndpointChange(String url, String description, List<String> eventTypes, Boolean enabled,
			Boolean includeRecipient) {
	}

	/** An endpoint as listed: never its secret. */
	public record Endpoint(UUID id, TenantId tenantId, String url, String description, List<String> eventTypes,
			boolean enabled, boolean includeRecipient, Instant secretRotatedAt, Instant createdAt, Instant updatedAt) {
	}

	/**
	 * A delivery's status change to tell endpoints about.
	 * @param type the webhook event type, e.g. {@code delivery.bounced}
	 * @param status the delivery's status word, e.g. {@code bounced}
	 * @param provider the provider that reported it or was sent through, if any
	 * @param reason why, in the provider's or Herald's words, if known
	 * @param at when it happened
	 */
	public record StatusChange(UUID deliveryId, String type, String status, String provider, String reason,
			Instant at) {

		public StatusChange {
			Objects.requireNonNull(deliveryId, "deliveryId");
			Objects.requireNonNull(type, "type");
			Objects.requireNonNull(status, "status");
			Objects.requireNonNull(at, "at");
		}

	}

	/** One outbox message; {@code state} is {@code pending}, {@code delivered} or {@code failed}. */
	public record Message(UUID id, UUID endpointId, UUID deliveryId, String eventType, String payload, String state,
			int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant updatedAt) {
	}

	/** One try of a message. */
	public record Attempt(int attempt, Instant startedAt, int latencyMs, Integer statusCode, String outcome,
			String error, String responseSnippet) {
	}

	/**
	 * A message claimed for one try, with what it takes to sign and send it.
	 * @param secret the endpoint's signing secret, {@code null} when it does not open with this process's key
	 * @param previousSecret the secret it replaced, while that still signs too after a rotation, else {@code null}
	 * @param attempt this try's number over the message's life
	 * @param attemptSinceReplay this try's number since the message was last replayed (or created)
	 */
	public record ClaimedMessage(UUID id, TenantId tenantId, UUID endpointId, String url, String secret,
			String previousSecret, String eventType, String payload, int attempt, int attemptSinceReplay,
			UUID claimToken) {

		@Override
		public String toString() {
			return "ClaimedMessage[" + this.id + ", " + this.tenantId + ", " + this.eventType + ", attempt "
					+ this.attempt + "]";
		}

	}

	/** What a try came to. */
	public enum Outcome {

		DELIVERED("delivered"), RETRY_LATER("retry_later"), FAILED("failed");

		private final String id;

		Outcome(String id) {
			this.id = id;
		}

		public String id() {
			return this.id;
		}

		public static Optional<Outcome> fromId(String id) {
			return Arrays.stream(values()).filter((outcome) -> outcome.id.equals(id)).findFirst();
		}

	}

	/**
	 * A finished try.
	 * @param statusCode the endpoint's HTTP status, {@code null} when none came (network error, timeout)
	 * @param nextAttemptAt when to try again, for {@link Outcome#RETRY_LATER}
	 * @param responseSnippet the start of the endpoint's answer
	 */
	public record AttemptResult(Outcome outcome, Instant startedAt, Duration latency, Integer statusCode,
			String error, String responseSnippet, Instant nextAttemptAt) {
	}

	/** What asking to replay a message did. */
	public enum Replay {

		REPLAYED, STILL_PENDING, NOT_FOUND

	}

}
