package dev.herald.events.publisher;

import java.util.List;
import java.util.stream.Collectors;

import dev.herald.events.EventType;
import dev.herald.events.Problem;

/**
 * A builder was asked to build an event Herald would refuse: a required field is missing, or a value breaks the
 * event type's schema. Nothing was published. Carries every problem, each at the JSON path Herald would name.
 */
public final class InvalidEventException extends IllegalStateException {

	private final EventType type;

	private final List<Problem> problems;

	InvalidEventException(EventType type, List<Problem> problems) {
		super("The " + type + " event is not valid: " + problems.stream()
			.map((problem) -> problem.path() + " " + problem.message())
			.collect(Collectors.joining("; ")));
		this.type = type;
		this.problems = List.copyOf(problems);
	}

	/** The type of the event that was being built. */
	public EventType type() {
		return this.type;
	}

	/** Everything wrong with it, never empty. */
	public List<Problem> problems() {
		return this.problems;
	}

}
