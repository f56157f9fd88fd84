package dev.herald.functions.ingest;

import java.util.List;
import java.util.UUID;

import dev.herald.events.Problem;

/** What ingesting one body gave. */
public sealed interface IngestResult {

	/** A new event, stored with the deliveries its subscriptions asked for. */
	record Accepted(String eventId, UUID eventRef, int deliveries) implements IngestResult {
	}

	/** This tenant already has an event with this id: nothing new was created. */
	record Duplicate(String eventId, UUID eventRef) implements IngestResult {
	}

	/** The body is not a valid event; it was kept as a rejected event with every problem. */
	record Rejected(UUID rejectionId, List<Problem> problems) implements IngestResult {
	}

}
