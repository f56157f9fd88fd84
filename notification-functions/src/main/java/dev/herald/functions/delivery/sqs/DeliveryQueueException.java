package dev.herald.functions.delivery.sqs;

/** Deliveries could not be put on the queue; the caller must fail so that they are sent again. */
public class DeliveryQueueException extends RuntimeException {

	public DeliveryQueueException(String message) {
		super(message);
	}

}
