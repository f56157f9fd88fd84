package dev.herald.functions.lambda;

/**
 * What {@code replayDeadLetters} is asked to do, e.g. {@code {"max": 500}}; {@code {}} takes the default.
 *
 * @param max how many dead letters to look at in this run at most: {@value #DEFAULT_MAX} when not given, never more
 * than {@value #LIMIT} (a larger number is lowered to it; the report then says that more may remain)
 */
public record ReplayRequest(Integer max) {

	static final int DEFAULT_MAX = 1000;

	static final int LIMIT = 10_000;

	static final ReplayRequest DEFAULT = new ReplayRequest(null);

	public ReplayRequest {
		if (max != null && max < 1) {
			throw new IllegalArgumentException("max must be at least 1, got " + max);
		}
		max = (max != null) ? Math.min(max, LIMIT) : DEFAULT_MAX;
	}

}
