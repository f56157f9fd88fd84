package dev.herald.events.publisher;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dev.herald.events.EventType;

/**
 * Where {@link SnsEventPublisher} publishes.
 *
 * @param tenant the tenant's slug in Herald, sent as the {@code tenant} message attribute Herald's ingest reads
 * @param topicArns the topic of each event family; the same topic for all of them is fine
 * @param retry how throttled or failed messages are retried, on top of the SDK's own retries of a whole call
 */
public record SnsPublisherSettings(String tenant, Map<EventFamily, String> topicArns, RetryPolicy retry) {

	public SnsPublisherSettings {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(topicArns, "topicArns");
		Objects.requireNonNull(retry, "retry");
		if (tenant.isBlank()) {
			throw new IllegalArgumentException("The tenant slug must not be empty: Herald's ingest needs it");
		}
		for (EventFamily family : EventFamily.values()) {
			String arn = topicArns.get(family);
			if (arn == null || !arn.startsWith("arn:")) {
				throw new IllegalArgumentException("The " + family.name().toLowerCase(java.util.Locale.ROOT)
						+ " events need a topic ARN, such as arn:aws:sns:eu-west-1:123456789012:shop-events, not " + arn);
			}
		}
		topicArns = Map.copyOf(new EnumMap<>(topicArns));
	}

	/** Every event to one topic. */
	public static SnsPublisherSettings oneTopic(String tenant, String topicArn) {
		return topicPerFamily(tenant, topicArn, topicArn, topicArn);
	}

	/** Orders, payments and shipping events each to their own topic. */
	public static SnsPublisherSettings topicPerFamily(String tenant, String orders, String payments, String shipping) {
		Map<EventFamily, String> topics = new EnumMap<>(EventFamily.class);
		topics.put(EventFamily.ORDERS, orders);
		topics.put(EventFamily.PAYMENTS, payments);
		topics.put(EventFamily.SHIPPING, shipping);
		return new SnsPublisherSettings(tenant, topics, RetryPolicy.DEFAULT);
	}

	/** These settings with another retry policy. */
	public SnsPublisherSettings withRetry(RetryPolicy retry) {
		return new SnsPublisherSettings(this.tenant, this.topicArns, retry);
	}

	/** The topic events of {@code type} go to. */
	public String topicArn(EventType type) {
		return this.topicArns.get(EventFamily.of(type));
	}

}
