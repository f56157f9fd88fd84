package dev.herald.events.data;

import java.time.Instant;
import java.util.Objects;

/**
 * A span of time, such as a delivery window.
 *
 * @param from start
 * @param to end
 */
public record TimeWindow(Instant from, Instant to) {

	public TimeWindow {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
	}

}
