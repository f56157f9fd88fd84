package dev.herald.e2e.lambda;

import java.time.Duration;

/** What the runtime answered for one invocation: a response body, or an error with its type. */
sealed interface InvocationResult {

	String requestId();

	/** The body the function posted: the response, or the error document. */
	String body();

	Timing timing();

	/** {@code POST /runtime/invocation/{id}/response}. */
	record Response(String requestId, String body, Timing timing) implements InvocationResult {
	}

	/**
	 * {@code POST /runtime/invocation/{id}/error}.
	 * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header, e.g. {@code Runtime.UserException}
	 */
	record Error(String requestId, String errorType, String body, Timing timing) implements InvocationResult {
	}

	/**
	 * {@link System#nanoTime()} readings of an invocation's phases, comparable with the launcher's launch time.
	 * @param enqueued when the test invoked
	 * @param delivered when the runtime received the event from {@code invocation/next}
	 * @param answered when the runtime posted the response or error
	 */
	record Timing(long enqueued, long delivered, long answered) {

		/** Time the event waited for the runtime to ask for it (the rest of INIT for a first event). */
		Duration waiting() {
			return Duration.ofNanos(this.delivered - this.enqueued);
		}

		/** Time the function took, as Lambda bills it. */
		Duration duration() {
			return Duration.ofNanos(this.answered - this.delivered);
		}

	}

}
