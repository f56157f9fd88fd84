package dev.herald.functions.lambda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.functions.status.ProviderStatusManagement;
import dev.herald.functions.status.StatusReport;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code providerStatusSns} function: each SNS record's {@code Message} is an SES event publishing record (from a
 * configuration set's SNS event destination), applied to the delivery it reports on as the server's SNS endpoint
 * applies it.
 *
 * <p>
 * SES cannot set message attributes, so the tenant is named by the topic: each tenant sending through SES with event
 * publishing has its own topic, and the deployment maps each topic ARN to the tenant's slug
 * ({@code herald.functions.status.ses-topics}, entries {@code <topic ARN>=<slug>}). Only topics subscribed to the
 * function can invoke it through SNS, and only the operator maps a topic to a tenant: a tenant's own settings never
 * decide whose deliveries a topic's events update.
 *
 * <p>
 * A record that is not an SES event is logged, counted and reported {@code invalid}, and the record succeeds: sending
 * it again cannot help. A record from a topic that is not mapped, or mapped to a tenant that does not exist, cannot
 * be applied anywhere, so it fails the invocation, as does a database failure: Lambda retries the event and then
 * hands it to the function's dead-letter queue, from where it can be sent again once the mapping or the database is
 * fixed. The other records are applied first; a retry finds them recorded and changes nothing (each event is kept
 * once).
 */
public class ProviderStatusSnsFunction implements Function<SNSEvent, ProviderStatusReport> {

	/** SNS topic ARNs (standard topics; SES cannot publish to FIFO ones) and tenant slugs as the database allows. */
	private static final Pattern MAPPING = Pattern
		.compile("(arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256})=([a-z0-9][a-z0-9-]{1,62})");

	private static final Logger logger = LoggerFactory.getLogger(ProviderStatusSnsFunction.class);

	private final ProviderStatusManagement status;

	private final TenantRepository tenants;

	private final Map<String, String> topicTenants;

	private final MeterRegistry meters;

	/**
	 * @param sesTopics entries {@code <topic ARN>=<tenant slug>}
	 * @throws IllegalArgumentException for an entry of another form or a topic mapped twice, so that a wrong setting
	 * fails the function's start rather than each event
	 */
	public ProviderStatusSnsFunction(ProviderStatusManagement status, TenantRepository tenants, List<String> sesTopics,
			MeterRegistry meters) {
		this.status = status;
		this.tenants = tenants;
		this.topicTenants = topicTenants(sesTopics);
		this.meters = meters;
	}

	static Map<String, String> topicTenants(List<String> entries) {
		Map<String, String> mapped = new LinkedHashMap<>();
		for (String entry : (entries != null) ? entries : List.<String>of()) {
			var matcher = MAPPING.matcher(entry.strip());
			if (!matcher.matches()) {
				throw new IllegalArgumentException("herald.functions.status.ses-topics entries are "
						+ "<SNS topic ARN>=<tenant slug>, got '" + entry + "'");
			}
			if (mapped.putIfAbsent(matcher.group(1), matcher.group(2)) != null) {
				throw new IllegalArgumentException("herald.functions.status.ses-topics maps topic " + matcher.group(1)
						+ " twice: a topic carries one tenant's events");
			}
		}
		return Collections.unmodifiableMap(mapped);
	}

	@Override
	public ProviderStatusReport apply(SNSEvent event) {
		List<ProviderStatusReport.Record> records = new ArrayList<>();
		RuntimeException failure = null;
		for (SNSEvent.SNSRecord record : (event.getRecords() != null) ? event.getRecords()
				: List.<SNSEvent.SNSRecord>of()) {
			SNSEvent.SNS sns = record.getSNS();
			try {
				records.add(apply(sns));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not apply SES event {} from {}; the event will be retried", sns.getMessageId(),
						sns.getTopicArn(), ex);
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
		return new ProviderStatusReport(records);
	}

	private ProviderStatusReport.Record apply(SNSEvent.SNS sns) {
		String slug = (sns.getTopicArn() != null) ? this.topicTenants.get(sns.getTopicArn()) : null;
		if (slug == null) {
			throw new UnknownTopicException("SNS message " + sns.getMessageId() + " comes from topic "
					+ sns.getTopicArn() + ", which herald.functions.status.ses-topics maps to no tenant");
		}
		Optional<Tenant> tenant = this.tenants.findBySlug(slug);
		if (tenant.isEmpty()) {
			throw new UnknownTopicException("SNS message " + sns.getMessageId() + " comes from topic "
					+ sns.getTopicArn() + ", mapped to tenant '" + slug + "', which does not exist");
		}
		String message = (sns.getMessage() != null) ? sns.getMessage() : "";
		StatusReport report = this.status.applySes(tenant.get().id(), message);
		return switch (report) {
			case StatusReport.Applied applied -> new ProviderStatusReport.Record(sns.getMessageId(), "applied",
					applied.deliveryId(), applied.status().id());
			case StatusReport.Duplicate duplicate -> new ProviderStatusReport.Record(sns.getMessageId(), "duplicate",
					duplicate.deliveryId(), null);
			case StatusReport.Unmatched unmatched -> new ProviderStatusReport.Record(sns.getMessageId(), "unmatched",
					null, unmatched.reason());
			case StatusReport.Ignored ignored -> {
				count("ignored");
				yield new ProviderStatusReport.Record(sns.getMessageId(), "ignored", null, ignored.reason());
			}
			case StatusReport.Invalid invalid -> {
				count("invalid");
				logger.warn("SNS message {} from {} for tenant {} is not an SES event and is dropped: {}",
						sns.getMessageId(), sns.getTopicArn(), slug, invalid.reason());
				yield new ProviderStatusReport.Record(sns.getMessageId(), "invalid", null, invalid.reason());
			}
		};
	}

	/** Records read as no status event; those that are count in {@code herald.deliveries.status}. */
	private void count(String outcome) {
		this.meters.counter("herald.deliveries.status.unread", "provider", "ses", "outcome", outcome).increment();
	}

	/** The record's topic names no tenant Herald knows. */
	static final class UnknownTopicException extends RuntimeException {

		UnknownTopicException(String message) {
			super(message);
		}

	}

}
