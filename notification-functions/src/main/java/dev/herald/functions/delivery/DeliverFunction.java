package dev.herald.functions.delivery;

import java.util.function.Supplier;

/**
 * The {@code deliver} function: claims one batch of due deliveries from the queue and processes it. The local server
 * calls it in a loop; each call is independent, so any number can run side by side.
 */
public class DeliverFunction implements Supplier<DeliveryBatchReport> {

	private final DeliveryQueue queue;

	private final DeliveryProcessor processor;

	private final int batchSize;

	public DeliverFunction(DeliveryQueue queue, DeliveryProcessor processor, int batchSize) {
		this.queue = queue;
		this.processor = processor;
		this.batchSize = batchSize;
	}

	@Override
	public DeliveryBatchReport get() {
		return this.processor.process(this.queue.claim(this.batchSize));
	}

	public int batchSize() {
		return this.batchSize;
	}

}
