package dev.herald.console.sns;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.db.sns.SnsRepository;
import dev.herald.db.sns.SnsRepository.SubscriptionState;
import dev.herald.db.sns.SnsRepository.SubscriptionUpdate;
import dev.herald.db.tenant.Tenant;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.ingest.IngestResult;
import dev.herald.functions.status.ProviderStatusManagement;
import dev.herald.functions.status.StatusReport;
import dev.herald.functions.sns.SnsFetchException;
import dev.herald.functions.sns.SnsFetcher;
import dev.herald.functions.sns.SnsMessage;
import dev.herald.functions.sns.SnsMessageParser;
import dev.herald.functions.sns.SnsParseResult;
import dev.herald.functions.sns.SnsSignatureVerifier;
import dev.herald.functions.sns.SnsUrls;
import dev.herald.functions.sns.SnsVerification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a tenant's SNS traffic. Signed messages are checked in this order, cheapest and request-free first: the
 * body is an SNS message, its topic is one the tenant allowed, its signature is SNS's. Then a
 * SubscriptionConfirmation is confirmed by fetching its SubscribeURL (only on an SNS host), an
 * UnsubscribeConfirmation is recorded and nothing more, and a Notification's message is ingested exactly as
 * {@code POST /api/v1/events} ingests an event, once per SNS message id and once per event id — unless it is an SES
 * event publishing record (the tenant's configuration set reporting through SNS), which updates the status of the
 * delivery it names instead.
 */
class SnsTrafficManagement {

	static final String VIA = "sns";

	private static final Logger logger = LoggerFactory.getLogger(SnsTrafficManagement.class);

	private static final int MAX_CONFIRMATION_ANSWER_BYTES = 64 * 1024;

	private static final Pattern SUBSCRIPTION_ARN = Pattern.compile("<SubscriptionArn>([^<]{1,1024})</SubscriptionArn>");

	private final SnsRepository sns;

	private final SnsSignatureVerifier verifier;

	private final SnsFetcher fetcher;

	private final IngestFunction ingest;

	private final ProviderStatusManagement status;

	SnsTrafficManagement(SnsRepository sns, SnsSignatureVerifier verifier, SnsFetcher fetcher, IngestFunction ingest,
			ProviderStatusManagement status) {
		this.sns = sns;
		this.verifier = verifier;
		this.fetcher = fetcher;
		this.ingest = ingest;
		this.status = status;
	}

	/** A signed SNS message (JSON envelope). */
	SnsOutcome receiveSigned(Tenant tenant, String body) {
		return switch (SnsMessageParser.parse(body)) {
			case SnsParseResult.Malformed(String reason) ->
				refuse(tenant, null, null, 400, "not an SNS message: " + reason);
			case SnsParseResult.Parsed(SnsMessage message) -> receive(tenant, message);
		};
	}

	private SnsOutcome receive(Tenant tenant, SnsMessage message) {
		if (!this.sns.isAllowed(tenant.id(), message.topicArn())) {
			return refuse(tenant, message, message.topicArn(), 403,
					"the topic " + message.topicArn() + " is not one this tenant allowed");
		}
		if (this.verifier.verify(message) instanceof SnsVerification.Rejected(String reason)) {
			return refuse(tenant, message, message.topicArn(), 403, reason);
		}
		return switch (message.type()) {
			case SUBSCRIPTION_CONFIRMATION -> confirm(tenant, message);
			case UNSUBSCRIBE_CONFIRMATION -> recordUnsubscribe(tenant, message);
			case NOTIFICATION -> notification(tenant, message.messageId(), message.type().wireName(),
					message.topicArn(), message.message());
		};
	}

	/**
	 * A raw delivery, already authenticated by the tenant's API key: SNS's headers name the topic (which must be
	 * allowed) and the message id.
	 */
	SnsOutcome receiveRaw(Tenant tenant, String topicArn, String messageId, String body) {
		if (topicArn == null || !this.sns.isAllowed(tenant.id(), topicArn)) {
			return refuse(tenant, null, topicArn, 403, (topicArn == null) ? "the x-amz-sns-topic-arn header is missing"
					: "the topic " + topicArn + " is not one this tenant allowed");
		}
		if (messageId == null || messageId.isBlank() || messageId.length() > 200) {
			return refuse(tenant, null, topicArn, 400, "the x-amz-sns-message-id header is missing or too long");
		}
		return notification(tenant, messageId, "Notification", topicArn, body);
	}

	private SnsOutcome notification(Tenant tenant, String messageId, String type, String topicArn, String event) {
		if (this.sns.seen(tenant.id(), messageId)) {
			return new SnsOutcome.AlreadySeen(messageId);
		}
		if (ProviderStatusManagement.isSesEvent(event)) {
			// A configuration set's SNS destination: SES reporting on a message Herald sent, not a shop's event.
			// Applied first and remembered after, like events: a status event applied twice is recorded once.
			StatusReport report = this.status.applySes(tenant.id(), event);
			this.sns.markSeen(tenant.id(), messageId, type, topicArn);
			return new SnsOutcome.StatusApplied(messageId, report);
		}
		// Ingested first and remembered after: a failure in between makes SNS send it again, and the event id
		// then finds the event stored. Remembering first would lose the event if ingesting failed.
		IngestResult result = this.ingest.apply(new IngestRequest(tenant.id(), event, VIA, "application/json"));
		this.sns.markSeen(tenant.id(), messageId, type, topicArn);
		return new SnsOutcome.Ingested(messageId, result);
	}

	private SnsOutcome confirm(Tenant tenant, SnsMessage message) {
		Optional<String> refusal = SnsUrls.subscribeUrlRefusal(message.subscribeUrl(), message.topicArn());
		if (refusal.isPresent()) {
			return refuse(tenant, message, message.topicArn(), 403, refusal.get());
		}
		this.sns.recordSubscription(tenant.id(), new SubscriptionUpdate(message.topicArn(), SubscriptionState.PENDING,
				null, message.messageId(), null, null));
		byte[] answer;
		try {
			answer = this.fetcher.get(URI.create(message.subscribeUrl()), MAX_CONFIRMATION_ANSWER_BYTES);
		}
		catch (SnsFetchException ex) {
			this.sns.recordSubscription(tenant.id(), new SubscriptionUpdate(message.topicArn(),
					SubscriptionState.PENDING, null, message.messageId(), ex.getMessage(), null));
			logger.atWarn()
				.addKeyValue("tenant", tenant.slug())
				.addKeyValue("topicArn", message.topicArn())
				.addKeyValue("messageId", message.messageId())
				.addKeyValue("reason", ex.getMessage())
				.log("SNS subscription of tenant {} to {} could not be confirmed: {}", tenant.slug(),
						message.topicArn(), ex.getMessage());
			return new SnsOutcome.ConfirmationFailed(message.messageId(), message.topicArn(), ex.getMessage());
		}
		Matcher arn = SUBSCRIPTION_ARN.matcher(new String(answer, StandardCharsets.UTF_8));
		String subscriptionArn = arn.find() ? arn.group(1) : null;
		this.sns.recordSubscription(tenant.id(), new SubscriptionUpdate(message.topicArn(), SubscriptionState.CONFIRMED,
				subscriptionArn, message.messageId(), null, null));
		this.sns.markSeen(tenant.id(), message.messageId(), message.type().wireName(), message.topicArn());
		logger.atInfo()
			.addKeyValue("tenant", tenant.slug())
			.addKeyValue("topicArn", message.topicArn())
			.addKeyValue("subscriptionArn", subscriptionArn)
			.log("SNS subscription of tenant {} to {} confirmed", tenant.slug(), message.topicArn());
		return new SnsOutcome.Confirmed(message.messageId(), message.topicArn(), subscriptionArn);
	}

	/**
	 * Recorded only: an UnsubscribeConfirmation says someone unsubscribed the endpoint; whether to subscribe again
	 * (its SubscribeURL) is the tenant's decision, so the URL is kept for them and never fetched here.
	 */
	private SnsOutcome recordUnsubscribe(Tenant tenant, SnsMessage message) {
		this.sns.recordSubscription(tenant.id(), new SubscriptionUpdate(message.topicArn(),
				SubscriptionState.UNSUBSCRIBE_REQUESTED, null, message.messageId(), null, message.subscribeUrl()));
		this.sns.markSeen(tenant.id(), message.messageId(), message.type().wireName(), message.topicArn());
		logger.atInfo()
			.addKeyValue("tenant", tenant.slug())
			.addKeyValue("topicArn", message.topicArn())
			.log("SNS unsubscribe confirmation for tenant {} from {} recorded, not acted on", tenant.slug(),
					message.topicArn());
		return new SnsOutcome.UnsubscribeRecorded(message.messageId(), message.topicArn());
	}

	private static SnsOutcome refuse(Tenant tenant, SnsMessage message, String topicArn, int status, String reason) {
		logger.atWarn()
			.addKeyValue("tenant", tenant.slug())
			.addKeyValue("type", (message != null) ? message.type().wireName() : null)
			.addKeyValue("messageId", (message != null) ? loggable(message.messageId()) : null)
			.addKeyValue("topicArn", loggable(topicArn))
			.addKeyValue("status", status)
			.addKeyValue("reason", loggable(reason))
			.log("SNS request to tenant {} refused with {}: {}", tenant.slug(), status, loggable(reason));
		return new SnsOutcome.Refused(status, reason);
	}

	/** Values from an unproven request, made safe for a log line: no control characters, bounded length. */
	private static String loggable(String value) {
		if (value == null) {
			return null;
		}
		String clean = value.replaceAll("\\p{Cntrl}", "?");
		return (clean.length() > 300) ? clean.substring(0, 300) + "…" : clean;
	}

}
