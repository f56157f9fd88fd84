package dev.herald.functions.lambda;

import java.util.List;

/**
 * What {@code ingestSns} did with each SNS record (the invocation's answer; asynchronous invocations discard it, but
 * it shows in tests and when the function is invoked by hand).
 */
public record SnsIngestReport(List<Record> records) {

	/**
	 * One SNS message.
	 *
	 * @param status {@code accepted}, {@code duplicate} or {@code rejected}
	 * @param problems why it was rejected, one line per problem
	 */
	public record Record(String messageId, String status, String eventId, int deliveries, List<String> problems) {
	}

}
