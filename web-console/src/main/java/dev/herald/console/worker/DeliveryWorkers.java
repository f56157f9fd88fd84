package dev.herald.console.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.herald.console.ServerProperties;
import dev.herald.functions.delivery.DeliverFunction;
import dev.herald.functions.delivery.DeliveryBatchReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@code deliver} in a loop on a few threads: straight on while batches come back full, a short pause when the
 * queue is drained, a longer one while the database is unreachable. Several server instances can run workers side by
 * side; the queue never hands the same delivery to two of them.
 */
@Component
@ConditionalOnBooleanProperty(name = "herald.server.workers.enabled", matchIfMissing = true)
class DeliveryWorkers implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryWorkers.class);

	private static final Duration ERROR_DELAY = Duration.ofSeconds(2);

	private final DeliverFunction deliver;

	private final ServerProperties.Workers settings;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	DeliveryWorkers(DeliverFunction deliver, ServerProperties properties) {
		this.deliver = deliver;
		this.settings = properties.workers();
	}

	@Override
	public synchronized void start() {
		this.running = true;
		for (int i = 0; i < this.settings.threads(); i++) {
			this.threads.add(Thread.ofPlatform().name("herald-worker-" + i).daemon().start(this::loop));
		}
		logger.info("Started {} delivery worker(s)", this.settings.threads());
	}

	private void loop() {
		while (this.running) {
			try {
				DeliveryBatchReport report = this.deliver.get();
				if (report.claimed() < this.deliver.batchSize()) {
					Thread.sleep(this.settings.idleDelay());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("Delivery worker failed to claim or process a batch; retrying in {}", ERROR_DELAY, ex);
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
		// Let in-flight batches finish and record their outcomes; anything left is reclaimed after its lease.
		for (Thread thread : this.threads) {
			try {
				thread.join(Duration.ofSeconds(20));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			thread.interrupt();
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
