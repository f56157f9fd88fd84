package dev.herald.functions.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.herald.db.webhook.WebhookRepository;
import dev.herald.db.webhook.WebhookRepository.AttemptResult;
import dev.herald.db.webhook.WebhookRepository.ClaimedMessage;
import dev.herald.db.webhook.WebhookRepository.Outcome;
import dev.herald.functions.FunctionsProperties.WebhookSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One step of sending the webhook outbox: claims a batch of due messages (several senders can run side by side; a
 * message goes to one of them at a time), sends them in parallel on virtual threads and records every try. A message
 * whose try cannot be recorded is claimed again after its lease: at least once, never dropped.
 */
public final class WebhookOutbox {

	private static final Logger logger = LoggerFactory.getLogger(WebhookOutbox.class);

	private final WebhookRepository webhooks;

	private final WebhookSender sender;

	private final RetryPolicy policy;

	private final int batchSize;

	private final Duration lease;

	private final MeterRegistry meters;

	private final Clock clock;

	WebhookOutbox(WebhookRepository webhooks, WebhookSender sender, RetryPolicy policy, int batchSize, Duration lease,
			MeterRegistry meters, Clock clock) {
		this.webhooks = webhooks;
		this.sender = sender;
		this.policy = policy;
		this.batchSize = batchSize;
		this.lease = lease;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * The outbox as {@code herald.functions.webhooks.*} configures it.
	 * @param allowPrivate whether endpoints may be private or plain-http URLs
	 * ({@code herald.functions.allow-endpoint-overrides})
	 */
	public static WebhookOutbox of(WebhookSettings settings, boolean allowPrivate, WebhookRepository webhooks,
			MeterRegistry meters, Clock clock) {
		WebhookSender sender = new WebhookSender(settings.connectTimeout(), settings.timeout(),
				settings.responseSnippetBytes(), allowPrivate, clock);
		RetryPolicy policy = new RetryPolicy(settings.maxAttempts(), settings.initialBackoff(), settings.multiplier(),
				settings.maxBackoff(), settings.jitter());
		return new WebhookOutbox(webhooks, sender, policy, settings.batchSize(), settings.lease(), meters, clock);
	}

	/** Messages claimed per batch: a batch that claimed fewer found the outbox drained of due messages. */
	public int batchSize() {
		return this.batchSize;
	}

	/** Claims, sends and records one batch. */
	public BatchReport sendBatch() throws InterruptedException {
		List<ClaimedMessage> batch = this.webhooks.claim(this.batchSize, this.lease);
		if (batch.isEmpty()) {
			return new BatchReport(0, 0, 0, 0, 0);
		}
		int delivered = 0;
		int retrying = 0;
		int failed = 0;
		try (ExecutorService sends = Executors
			.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-webhook-", 0).factory())) {
			List<Future<Outcome>> sending = batch.stream().map((message) -> sends.submit(() -> sendOne(message)))
				.toList();
			for (Future<Outcome> future : sending) {
				Outcome outcome;
				try {
					outcome = future.get();
				}
				catch (ExecutionException ex) {
					outcome = null;
				}
				if (outcome == Outcome.DELIVERED) {
					delivered++;
				}
				else if (outcome == Outcome.RETRY_LATER) {
					retrying++;
				}
				else if (outcome == Outcome.FAILED) {
					failed++;
				}
			}
		}
		return new BatchReport(batch.size(), delivered, retrying, failed,
				batch.size() - delivered - retrying - failed);
	}

	/** Sends one message and records the try; {@code null} when it could not be recorded. */
	private Outcome sendOne(ClaimedMessage message) {
		try {
			Instant started = this.clock.instant();
			long t0 = System.nanoTime();
			Sent sent = this.sender.send(message, started);
			Duration latency = Duration.ofNanos(System.nanoTime() - t0);
			AttemptResult result = this.policy.decide(sent, message.attemptSinceReplay(), started, latency);
			if (!this.webhooks.finish(message.id(), message.claimToken(), result)) {
				logger.warn("Lease on webhook message {} was lost before its try could be recorded", message.id());
				return null;
			}
			this.meters.counter("herald.webhooks.attempts", "outcome", result.outcome().id()).increment();
			if (result.outcome() == Outcome.FAILED) {
				logger.info("Webhook message {} of tenant {} to endpoint {} failed: {}", message.id(),
						message.tenantId(), message.endpointId(), result.error());
			}
			return result.outcome();
		}
		catch (RuntimeException ex) {
			logger.warn("Sending webhook message {} failed; it is tried again after its lease", message.id(), ex);
			return null;
		}
	}

	/**
	 * What one batch came to.
	 *
	 * @param claimed messages claimed
	 * @param delivered taken by their endpoint
	 * @param retrying to be tried again later
	 * @param failed given up on (refused, or out of tries)
	 * @param unrecorded whose try could not be recorded: claimed again after their lease
	 */
	public record BatchReport(int claimed, int delivered, int retrying, int failed, int unrecorded) {
	}

}
