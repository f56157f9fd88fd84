package dev.herald.functions.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.ingest.IngestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ingestSns} function: each SNS record's {@code Message} is one CloudEvent, ingested exactly as the API
 * ingests it (validation, idempotency on the event id, fan-out, queueing). The tenant is named by the SNS message
 * attribute {@value #TENANT_ATTRIBUTE}, the tenant's slug: permission to publish to the topic is the
 * authentication, so grant it only to publishers trusted for the tenants they name.
 *
 * <p>
 * A redelivered message finds its event stored and creates nothing new. An invalid event is stored as rejected with
 * every problem and the record succeeds: sending it again cannot help. A record that names no known tenant cannot
 * be stored (a rejected event belongs to a tenant), so it fails the invocation, as does a database or queue
 * failure: Lambda retries the event and then hands it to the function's on-failure destination, where it can be
 * replayed once the tenant exists. The other records of the event are ingested first; a retry finds them stored.
 */
public class SnsIngestFunction implements Function<SNSEvent, SnsIngestReport> {

	static final String TENANT_ATTRIBUTE = "tenant";

	private static final Logger logger = LoggerFactory.getLogger(SnsIngestFunction.class);

	private final IngestFunction ingest;

	private final TenantRepository tenants;

	public SnsIngestFunction(IngestFunction ingest, TenantRepository tenants) {
		this.ingest = ingest;
		this.tenants = tenants;
	}

	@Override
	public SnsIngestReport apply(SNSEvent event) {
		List<SnsIngestReport.Record> records = new ArrayList<>();
		RuntimeException failure = null;
		for (SNSEvent.SNSRecord record : (event.getRecords() != null) ? event.getRecords() : List.<SNSEvent.SNSRecord>of()) {
			SNSEvent.SNS sns = record.getSNS();
			try {
				records.add(ingest(sns));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not ingest SNS message {} from {}; the event will be retried", sns.getMessageId(),
						sns.getTopicArn(), ex);
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
		return new SnsIngestReport(records);
	}

	private SnsIngestReport.Record ingest(SNSEvent.SNS sns) {
		String slug = tenantSlug(sns.getMessageAttributes()).orElse(null);
		Optional<Tenant> tenant = (slug != null) ? this.tenants.findBySlug(slug) : Optional.empty();
		if (tenant.isEmpty()) {
			throw new UnknownTenantException("SNS message " + sns.getMessageId() + " from " + sns.getTopicArn()
					+ ((slug == null) ? " has no '" + TENANT_ATTRIBUTE + "' message attribute"
							: " names unknown tenant '" + slug + "'"));
		}
		String body = (sns.getMessage() != null) ? sns.getMessage() : "";
		IngestResult result = this.ingest.apply(new IngestRequest(tenant.get().id(), body, "sns", null));
		return switch (result) {
			case IngestResult.Accepted accepted -> new SnsIngestReport.Record(sns.getMessageId(), "accepted",
					accepted.eventId(), accepted.deliveries(), List.of());
			case IngestResult.Duplicate duplicate -> new SnsIngestReport.Record(sns.getMessageId(), "duplicate",
					duplicate.eventId(), 0, List.of());
			case IngestResult.Rejected rejected -> new SnsIngestReport.Record(sns.getMessageId(), "rejected", null, 0,
					rejected.problems().stream().map((problem) -> problem.path() + ": " + problem.message()).toList());
		};
	}

	private static Optional<String> tenantSlug(Map<String, SNSEvent.MessageAttribute> attributes) {
		if (attributes == null) {
			return Optional.empty();
		}
		SNSEvent.MessageAttribute attribute = attributes.get(TENANT_ATTRIBUTE);
		if (attribute == null || attribute.getValue() == null || attribute.getValue().isBlank()) {
			return Optional.empty();
		}
		return Optional.of(attribute.getValue().strip());
	}

	/** The record names no tenant Herald knows. */
	static final class UnknownTenantException extends RuntimeException {

		UnknownTenantException(String message) {
			super(message);
		}

	}

}
