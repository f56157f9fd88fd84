package dev.herald.functions.lambda;

/**
 * What one {@code sendWebhooks} run did.
 *
 * @param sent messages their endpoint took
 * @param retrying messages that failed this time and are tried again later
 * @param failed messages given up on (refused by the endpoint, or out of tries)
 * @param unrecorded messages whose try could not be recorded: sent again after their lease
 * @param batches batches claimed
 * @param stopped why the run ended: {@code empty} (nothing more was due) or {@code time} (its budget ran out; the
 * next run goes on)
 */
public record SendWebhooksReport(int sent, int retrying, int failed, int unrecorded, int batches, String stopped) {
}
