package dev.herald.events;

import java.util.List;

/** What validating a submitted event body gave: the event, or every problem found. */
public sealed interface ValidationResult {

	/** The body is a valid event of a known type. */
	record Valid(CloudEvent event) implements ValidationResult {
	}

	/** The body is not a valid event; {@code problems} lists all that is wrong, never empty. */
	record Invalid(List<Problem> problems) implements ValidationResult {

		public Invalid {
			problems = List.copyOf(problems);
		}

	}

}
