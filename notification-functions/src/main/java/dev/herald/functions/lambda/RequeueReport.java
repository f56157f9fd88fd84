package dev.herald.functions.lambda;

import java.time.Instant;

/**
 * What one {@code requeueStranded} run did.
 *
 * @param requeued stranded deliveries whose message was sent again
 * @param more whether more may be stranded: the run stopped at its cap, and the next run goes on
 * @param oldestDueSince since when the longest-stranded of them has been due, or {@code null} when none was found
 */
public record RequeueReport(int requeued, boolean more, Instant oldestDueSince) {
}
