package dev.herald.console.outboundwebhooks;

import java.time.Duration;

import dev.herald.functions.webhooks.WebhookOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Sends the webhook outbox from the server: one loop sends batch after batch of due messages (several server
 * instances, and the {@code sendWebhooks} Lambda function, can run side by side; a message goes to one of them at a
 * time) and pauses when the outbox has nothing more due.
 */
class WebhookWorkers implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WebhookWorkers.class);

	private static final Duration ERROR_DELAY = Duration.ofSeconds(2);

	private final WebhookOutbox outbox;

	private final Duration idleDelay;

	private volatile boolean running;

	private Thread loop;

	WebhookWorkers(WebhookOutbox outbox, Duration idleDelay) {
		this.outbox = outbox;
		this.idleDelay = idleDelay;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.loop = Thread.ofPlatform().name("herald-webhooks").daemon().start(this::loop);
		logger.info("Started the webhook sender");
	}

	private void loop() {
		while (this.running) {
			try {
				int claimed = this.outbox.sendBatch().claimed();
				if (claimed < this.outbox.batchSize()) {
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
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
