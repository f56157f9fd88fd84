package dev.herald.functions.status;

/** What a provider's payload was read as: a status event, or a report saying why it is none. */
sealed interface Reading {

	record Event(StatusEvent event) implements Reading {
	}

	/** {@link StatusReport.Ignored} or {@link StatusReport.Invalid}. */
	record NotAnEvent(StatusReport report) implements Reading {
	}

	static Reading invalid(String reason) {
		return new NotAnEvent(new StatusReport.Invalid(reason));
	}

	static Reading ignored(String reason) {
		return new NotAnEvent(new StatusReport.Ignored(reason));
	}

}
