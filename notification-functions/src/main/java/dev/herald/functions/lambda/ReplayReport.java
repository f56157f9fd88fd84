package dev.herald.functions.lambda;

import java.util.List;

/**
 * What one {@code replayDeadLetters} run did with the dead letters it looked at; every one is counted once.
 *
 * @param replayed sent to the delivery queue again, then deleted from the dead-letter queue
 * @param settled deleted: their delivery was delivered, dead-lettered or skipped meanwhile
 * @param poison left in the dead-letter queue: not a delivery Herald knows
 * @param poisonMessages the first {@value #POISON_LISTED} poison messages, with the reason each is poison
 * @param more whether the dead-letter queue may hold more to replay: the run stopped at its {@code max} or its time,
 * or a message could not be deleted (run it again); {@code false} when the queue had nothing more to hand out
 * @param stopped why the run ended: {@code empty}, {@code max} or {@code time}
 */
public record ReplayReport(int replayed, int settled, int poison, List<PoisonMessage> poisonMessages, boolean more,
		String stopped) {

	static final int POISON_LISTED = 50;

	public ReplayReport {
		poisonMessages = List.copyOf(poisonMessages);
	}

	/** A dead letter that stays where it is, and why. */
	public record PoisonMessage(String messageId, String reason) {
	}

}
