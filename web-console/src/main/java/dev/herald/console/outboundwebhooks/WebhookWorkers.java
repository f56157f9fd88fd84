package dev.herald.console.outboundwebhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.herald.db.webhook.WebhookRepository;
import dev.herald.db.webhook.WebhookRepository.AttemptResult;
import dev.herald.db.webhook.WebhookRepository.ClaimedMessage;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Sends the webhook outbox: one loop claims due messages (several server instances can run it side by side; a message
 * goes to one of them at a time) and sends each batch in parallel on virtual threads, then records every try.
 */
class WebhookWorkers implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WebhookWorkers.class);

	private static final Duration ERROR_DELAY = Duration.ofSeconds(2);

	private final WebhookRepository webhooks;

	private final WebhookSender sender;

	private final RetryPolicy policy;

	private final int batchSize;

	private final Duration lease;

	private final Duration idleDelay;

	private final MeterRegistry meters;

	private final Clock clock;

	private volatile boolean running;

	private Thread loop;

	private ExecutorService sends;

	WebhookWorkers(WebhookRepository webhooks, WebhookSender sender, RetryPolicy policy, int batchSize,
			Duration lease, Duration idleDelay, MeterRegistry meters, Clock clock) {
		this.webhooks = webhooks;
		this.sender = sender;
		this.policy = policy;
		this.batchSize = batchSize;
		this.lease = lease;
		this.idleDelay = idleDelay;
		this.meters = meters;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.sends = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-webhook-", 0).factory());
		this.loop = Thread.ofPlatform().name("herald-webhooks").daemon().start(this::loop);
		logger.info("Started the webhook sender");
	}

	private void loop() {
		while (this.running) {
			try {
				int claimed = sendBatch();
				if (claimed < this.batchSize) {
					Thread.sleep(this.idleDelay);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("The webhook sender failed to claim or record a batch; retrying in {}", ERROR_DELAY, ex);
				try {
					Thread.sleep(ERROR_DELAY);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** Claims, sends and records one batch; answers how many messages it claimed. */
	int sendBatch() throws InterruptedException {
		List<ClaimedMessage> batch = this.webhooks.claim(this.batchSize, this.lease);
		List<Future<?>> sending = batch.stream().<Future<?>>map((message) -> this.sends.submit(() -> sendOne(message)))
			.toList();
		for (Future<?> future : sending) {
			try {
				future.get();
			}
			catch (java.util.concurrent.ExecutionException ex) {
				// sendOne logs its own failures; the message is claimed again after its lease.
			}
		}
		return batch.size();
	}

	private void sendOne(ClaimedMessage message) {
		try {
			Instant started = this.clock.instant();
			long t0 = System.nanoTime();
			Sent sent = this.sender.send(message, started);
			Duration latency = Duration.ofNanos(System.nanoTime() - t0);
			AttemptResult result = this.policy.decide(sent, message.attemptSinceReplay(), started, latency);
			if (!this.webhooks.finish(message.id(), message.claimToken(), result)) {
				logger.warn("Lease on webhook message {} was lost before its try could be recorded", message.id());
				return;
			}
			this.meters.counter("herald.webhooks.attempts", "outcome", result.outcome().id()).increment();
			if (result.outcome() == WebhookRepository.Outcome.FAILED) {
				logger.info("Webhook message {} of tenant {} to endpoint {} failed: {}", message.id(),
						message.tenantId(), message.endpointId(), result.error());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Sending webhook message {} failed; it is tried again after its lease", message.id(), ex);
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.loop != null) {
			try {
				this.loop.join(Duration.ofSeconds(20));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.loop.interrupt();
		}
		if (this.sends != null) {
			this.sends.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
