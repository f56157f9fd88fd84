package dev.herald.functions.lambda;

import java.util.List;
import java.util.UUID;

/**
 * What {@code providerStatusSns} did with each SNS record (asynchronous invocations discard it, but it shows in tests
 * and when the function is invoked by hand).
 */
public record ProviderStatusReport(List<Record> records) {

	/**
	 * One SNS message.
	 *
	 * @param result {@code applied}, {@code duplicate}, {@code unmatched} (kept for an operator: no delivery of the
	 * tenant has that SES message id), {@code ignored} (an event type Herald has no use for) or {@code invalid}
	 * @param deliveryId the delivery it was applied to, if any
	 * @param detail the status applied, or why it was not
	 */
	public record Record(String messageId, String result, UUID deliveryId, String detail) {
	}

}
