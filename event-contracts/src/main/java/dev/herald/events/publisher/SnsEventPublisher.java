package dev.herald.events.publisher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import dev.herald.events.CloudEvent;
import dev.herald.events.Problem;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Publishes events to SNS topics Herald's ingest subscribes to, with the shop's own {@link SnsClient} (AWS SDK v2).
 *
 * <p>The message is the CloudEvent's JSON; the message attributes are {@value #TYPE_ATTRIBUTE} (the event type, for
 * subscription filter policies) and {@value #TENANT_ATTRIBUTE} (the tenant's slug, which Herald's ingest reads).
 * {@link #publishAll(List)} sends batches of up to 10 with PublishBatch; an entry SNS fails for a passing reason
 * (throttling, an internal error) is sent again with backoff, an entry SNS refuses as the sender's fault is
 * {@link PublishResult.Rejected}, and one still failing after the last try is {@link PublishResult.Failed}: every
 * event gets its result, none is dropped. A whole call failing for a passing reason is retried the same way (after
 * the SDK's own retries); refused credentials or an unknown topic throw {@link PublishException}.
 *
 * <p>The client is the caller's: this publisher does not close it.
 */
public final class SnsEventPublisher implements EventPublisher {

	/** The message attribute naming the event type. */
	public static final String TYPE_ATTRIBUTE = "type";

	/** The message attribute naming the tenant, as Herald's SNS ingest expects it. */
	public static final String TENANT_ATTRIBUTE = "tenant";

	/** SNS takes at most 10 messages per PublishBatch. */
	static final int MAX_BATCH_ENTRIES = 10;

	/** SNS takes at most 256 KiB per PublishBatch, all messages and their attributes together. */
	static final int MAX_BATCH_BYTES = 262_144;

	private static final System.Logger logger = System.getLogger(SnsEventPublisher.class.getName());

	private final SnsClient sns;

	private final SnsPublisherSettings settings;

	private final Map<String, MessageAttributeValue> tenantAttribute;

	public SnsEventPublisher(SnsClient sns, SnsPublisherSettings settings) {
		this.sns = Objects.requireNonNull(sns, "sns");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.tenantAttribute = Map.of(TENANT_ATTRIBUTE, text(settings.tenant()));
	}

	@Override
	public PublishResult publish(CloudEvent event) {
		Objects.requireNonNull(event, "event");
		PublishRequest request = PublishRequest.builder()
			.topicArn(this.settings.topicArn(event.type()))
			.message(event.toJson())
			.messageAttributes(attributes(event))
			.build();
		RetryPolicy retry = this.settings.retry();
		for (int attempt = 1;; attempt++) {
			String failure;
			try {
				return new PublishResult.Sent(event.id(), this.sns.publish(request).messageId());
			}
			catch (InvalidParameterException | InvalidParameterValueException ex) {
				return new PublishResult.Rejected(event.id(), List.of(new Problem("$", "SNS refused the message: "
						+ describe(ex))));
			}
			catch (SnsException ex) {
				failure = transientOrThrow(ex, request.topicArn());
			}
			catch (SdkClientException ex) {
				failure = ex.getMessage();
			}
			if (attempt >= retry.maxAttempts()) {
				return failed(event, failure, attempt);
			}
			if (!sleep(retry.backoff(attempt, ThreadLocalRandom.current()))) {
				return failed(event, "interrupted while waiting to retry after " + failure, attempt);
			}
		}
	}

	@Override
	public List<PublishResult> publishAll(List<CloudEvent> events) {
		PublishResult[] results = new PublishResult[events.size()];
		// Entry ids are the events' positions in the call: unique in any batch, and valid SNS entry ids.
		List<PublishBatchRequestEntry> entries = new ArrayList<>(events.size());
		Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
		for (int i = 0; i < events.size(); i++) {
			CloudEvent event = events.get(i);
			entries.add(PublishBatchRequestEntry.builder()
				.id(String.valueOf(i))
				.message(event.toJson())
				.messageAttributes(attributes(event))
				.build());
			byTopic.computeIfAbsent(this.settings.topicArn(event.type()), (topic) -> new ArrayList<>()).add(i);
		}
		byTopic.forEach((topic, indexes) -> {
			List<PublishBatchRequestEntry> batch = new ArrayList<>();
			int bytes = 0;
			for (int index : indexes) {
				PublishBatchRequestEntry entry = entries.get(index);
				int size = size(entry);
				if (!batch.isEmpty() && (batch.size() == MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
					publishBatch(topic, batch, events, results);
					batch = new ArrayList<>();
					bytes = 0;
				}
				batch.add(entry);
				bytes += size;
			}
			if (!batch.isEmpty()) {
				publishBatch(topic, batch, events, results);
			}
		});
		return List.of(results);
	}

	/** Publishes {@code batch} (at most 10 entries) to {@code topic}, filling in each entry's event's result. */
	private void publishBatch(String topic, List<PublishBatchRequestEntry> batch, List<CloudEvent> events,
			PublishResult[] results) {
		Map<String, PublishBatchRequestEntry> pending = new LinkedHashMap<>();
		batch.forEach((entry) -> pending.put(entry.id(), entry));
		Map<String, String> failures = new LinkedHashMap<>();
		RetryPolicy retry = this.settings.retry();
		for (int attempt = 1;; attempt++) {
			try {
				PublishBatchResponse response = this.sns.publishBatch(PublishBatchRequest.builder()
					.topicArn(topic)
					.publishBatchRequestEntries(pending.values())
					.build());
				// SNS reports on every entry; one it does not report on is not known to be published.
				pending.keySet().forEach((id) -> failures.put(id, "SNS did not report on the entry"));
				for (PublishBatchResultEntry sent : response.successful()) {
					if (pending.remove(sent.id()) != null) {
						int index = Integer.parseInt(sent.id());
						results[index] = new PublishResult.Sent(events.get(index).id(), sent.messageId());
					}
				}
				for (BatchResultErrorEntry error : response.failed()) {
					if (!pending.containsKey(error.id())) {
						continue;
					}
					String reason = error.code() + ": " + error.message();
					if (Boolean.TRUE.equals(error.senderFault())) {
						pending.remove(error.id());
						int index = Integer.parseInt(error.id());
						results[index] = new PublishResult.Rejected(events.get(index).id(),
								List.of(new Problem("$", "SNS refused the message: " + reason)));
					}
					else {
						failures.put(error.id(), reason);
					}
				}
			}
			catch (InvalidParameterException | InvalidParameterValueException ex) {
				// The whole batch refused for one entry SNS does not name: each one alone finds out which.
				logger.log(System.Logger.Level.DEBUG, "SNS refused a batch ({0}); publishing its entries one by one",
						describe(ex));
				pending.keySet().forEach((id) -> {
					int index = Integer.parseInt(id);
					results[index] = publish(events.get(index));
				});
				return;
			}
			catch (SnsException ex) {
				String failure = transientOrThrow(ex, topic);
				pending.keySet().forEach((id) -> failures.put(id, failure));
			}
			catch (SdkClientException ex) {
				pending.keySet().forEach((id) -> failures.put(id, ex.getMessage()));
			}
			if (pending.isEmpty()) {
				return;
			}
			boolean lastTry = attempt >= retry.maxAttempts();
			if (lastTry || !sleep(retry.backoff(attempt, ThreadLocalRandom.current()))) {
				for (String id : pending.keySet()) {
					int index = Integer.parseInt(id);
					results[index] = failed(events.get(index),
							lastTry ? failures.get(id) : "interrupted while waiting to retry after " + failures.get(id),
							attempt);
				}
				return;
			}
			logger.log(System.Logger.Level.DEBUG, "SNS failed {0} of a batch on try {1}; sending them again",
					pending.size(), attempt);
		}
	}

	/** The failure's description when it may pass with time; a {@link PublishException} when it will not. */
	private static String transientOrThrow(SnsException ex, String topic) {
		if (ex.statusCode() >= 500 || ex.isThrottlingException()) {
			return describe(ex);
		}
		throw new PublishException("SNS refused publishing to " + topic + " (HTTP " + ex.statusCode() + "): "
				+ describe(ex), ex.statusCode(), List.of(new Problem("$", describe(ex))), ex);
	}

	private Map<String, MessageAttributeValue> attributes(CloudEvent event) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		attributes.put(TYPE_ATTRIBUTE, text(event.type().wireName()));
		attributes.putAll(this.tenantAttribute);
		return attributes;
	}

	/** What SNS counts of a message against a batch's size: its body, and its attributes' names, types and values. */
	private static int size(PublishBatchRequestEntry entry) {
		int bytes = utf8(entry.message());
		for (Map.Entry<String, MessageAttributeValue> attribute : entry.messageAttributes().entrySet()) {
			bytes += utf8(attribute.getKey()) + utf8(attribute.getValue().dataType())
					+ utf8(attribute.getValue().stringValue());
		}
		return bytes;
	}

	private static int utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	private static MessageAttributeValue text(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private static String describe(SnsException ex) {
		return (ex.awsErrorDetails() != null)
				? ex.awsErrorDetails().errorCode() + ": " + ex.awsErrorDetails().errorMessage() : ex.getMessage();
	}

	private static PublishResult failed(CloudEvent event, String reason, int attempts) {
		logger.log(System.Logger.Level.WARNING, "Event {0} was not published to SNS after {1} tries: {2}", event.id(),
				attempts, reason);
		return new PublishResult.Failed(event.id(), reason, attempts);
	}

	private static boolean sleep(Duration wait) {
		try {
			Thread.sleep(wait);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
