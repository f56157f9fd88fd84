package dev.herald.channels;

/**
 * A way out of Herald for rendered messages. Implementations never throw for a provider's answer: every outcome,
 * including network failures, is a {@link DeliveryResult}.
 */
public interface Channel {

	ChannelType type();

	/** The provider's name as recorded on each attempt, e.g. {@code smtp}. */
	String provider();

	DeliveryResult send(OutboundMessage message);

}
