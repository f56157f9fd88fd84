package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import dev.herald.functions.webhooks.WebhookOutbox;
import dev.herald.functions.webhooks.WebhookOutbox.BatchReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sendWebhooks} function, run every minute by a schedule: the Lambda deployment's sender of the webhook
 * outbox, which the other functions fill (the server has its own loop for it). It sends batch after batch of due
 * messages until the outbox has nothing more due or its time is up. A batch is only started while a whole send still
 * fits before Lambda would stop the run (the time left less {@code margin}); messages left over wait for the next
 * run. A run stopped anyway loses nothing: its claimed messages are sent again once their lease runs out.
 */
public class SendWebhooksFunction implements Supplier<SendWebhooksReport> {

	/** How long a run may take when no Lambda context says how long is left. */
	static final Duration DEFAULT_BUDGET = Duration.ofSeconds(40);

	private static final Logger logger = LoggerFactory.getLogger(SendWebhooksFunction.class);

	private final WebhookOutbox outbox;

	private final Supplier<Optional<Duration>> remainingTime;

	private final Duration budget;

	private final Duration margin;

	private final Clock clock;

	/**
	 * @param remainingTime how long the current Lambda invocation may still run, if known
	 * @param budget how long a run may take at most
	 * @param margin how long before Lambda's end no batch is started any more: longer than a send can take
	 */
	public SendWebhooksFunction(WebhookOutbox outbox, Supplier<Optional<Duration>> remainingTime, Duration budget,
			Duration margin, Clock clock) {
		this.outbox = outbox;
		this.remainingTime = remainingTime;
		this.budget = budget;
		this.margin = margin;
		this.clock = clock;
	}

	@Override
	public SendWebhooksReport get() {
		Instant deadline = deadline();
		int sent = 0;
		int retrying = 0;
		int failed = 0;
		int unrecorded = 0;
		int batches = 0;
		String stopped;
		try {
			while (true) {
				if (!this.clock.instant().isBefore(deadline)) {
					stopped = "time";
					break;
				}
				BatchReport batch = this.outbox.sendBatch();
				if (batch.claimed() > 0) {
					batches++;
				}
				sent += batch.delivered();
				retrying += batch.retrying();
				failed += batch.failed();
				unrecorded += batch.unrecorded();
				if (batch.claimed() < this.outbox.batchSize()) {
					stopped = "empty";
					break;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending webhooks after " + sent + " sent", ex);
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.addKeyValue("sent", sent)
				.addKeyValue("retrying", retrying)
				.addKeyValue("failed", failed)
				.setCause(ex)
				.log("Sending webhooks stopped by a failure after {} sent; claimed messages are sent again after "
						+ "their lease, the next run goes on", sent);
			throw ex;
		}
		SendWebhooksReport report = new SendWebhooksReport(sent, retrying, failed, unrecorded, batches, stopped);
		logger.atInfo()
			.addKeyValue("sent", sent)
			.addKeyValue("retrying", retrying)
			.addKeyValue("failed", failed)
			.addKeyValue("unrecorded", unrecorded)
			.addKeyValue("stopped", stopped)
			.log("Webhooks: {} sent, {} to retry, {} failed{}; stopped: {}", sent, retrying, failed,
					(unrecorded > 0) ? ", " + unrecorded + " not recorded (sent again after their lease)" : "",
					stopped);
		return report;
	}

	private Instant deadline() {
		Duration allowed = this.budget;
		Optional<Duration> remaining = this.remainingTime.get();
		if (remaining.isPresent() && remaining.get().minus(this.margin).compareTo(allowed) < 0) {
			allowed = remaining.get().minus(this.margin);
		}
		return this.clock.instant().plus(allowed);
	}

}
