package dev.herald.events.publisher;

import java.util.List;

import dev.herald.events.Problem;

/**
 * Publishing cannot work at all as configured, whatever the event: a wrong API key or URL, an unknown or forbidden
 * topic. Never thrown for a problem with one event (that is {@link PublishResult.Rejected}). Not retried.
 */
public final class PublishException extends RuntimeException {

	private final int status;

	private final List<Problem> reasons;

	PublishException(String message, int status, List<Problem> reasons, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.reasons = List.copyOf(reasons);
	}

	/** The HTTP status of the answer, e.g. {@code 401}. */
	public int status() {
		return this.status;
	}

	/** What Herald or SNS said is wrong, from its problem+json or error answer. */
	public List<Problem> reasons() {
		return this.reasons;
	}

}
