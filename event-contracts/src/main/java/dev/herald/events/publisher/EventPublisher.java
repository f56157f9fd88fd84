package dev.herald.events.publisher;

import java.util.List;

import dev.herald.events.CloudEvent;

/**
 * Publishes a shop's events to Herald: over HTTP to Herald's API ({@link HttpEventPublisher}) or to SNS topics
 * Herald subscribes to ({@link SnsEventPublisher}). Thread-safe.
 *
 * <p>Publishing an event again is safe: the event id was fixed when the event was built, and Herald stores an id
 * once, answering a repeat as {@link PublishResult.Duplicate}. So a publisher retries what may not have arrived, and
 * so may the shop.
 */
public interface EventPublisher {

	/**
	 * Publishes one event, retrying transient failures.
	 * @return what became of it; {@link PublishResult.Rejected} and {@link PublishResult.Failed} mean Herald does
	 * not have it
	 * @throws PublishException when publishing cannot work at all, e.g. a wrong API key or topic
	 */
	PublishResult publish(CloudEvent event);

	/**
	 * Publishes several events, in batches where the transport has them.
	 * @return one result per event, in the order given
	 * @throws PublishException when publishing cannot work at all, e.g. a wrong API key or topic
	 */
	List<PublishResult> publishAll(List<CloudEvent> events);

}
