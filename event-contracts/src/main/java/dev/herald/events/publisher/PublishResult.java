package dev.herald.events.publisher;

import java.util.List;

import dev.herald.events.Problem;

/** What became of one published event. */
public sealed interface PublishResult {

	/** The event's id. */
	String eventId();

	/** Herald stored the event and created {@code deliveries} deliveries for it. */
	record Accepted(String eventId, int deliveries) implements PublishResult {
	}

	/** Herald already had an event with this id, from an earlier try or publish; nothing new is sent. */
	record Duplicate(String eventId) implements PublishResult {
	}

	/**
	 * SNS took the message as {@code messageId}; Herald ingests it from the topic on its own, with the same checks
	 * as its API.
	 */
	record Sent(String eventId, String messageId) implements PublishResult {
	}

	/**
	 * Herald (or SNS) refused the event for what it is, and would refuse it again: not retried.
	 * @param reasons every problem, as Herald names them (JSON path and message)
	 */
	record Rejected(String eventId, List<Problem> reasons) implements PublishResult {

		public Rejected {
			reasons = List.copyOf(reasons);
		}

	}

	/**
	 * Every try failed for a reason that might pass, e.g. Herald unavailable or SNS throttling; publish the event
	 * again later (it is safe: the id is the same).
	 * @param reason the last failure
	 * @param attempts how many tries were made
	 */
	record Failed(String eventId, String reason, int attempts) implements PublishResult {
	}

}
