package dev.herald.channels;

/**
 * A way out of Herald for rendered messages, through one provider. Implementations never throw for a provider's
 * answer: every outcome, including network failures, is a {@link DeliveryResult}. Thread-safe: one instance sends
 * many messages at once.
 */
public interface Channel {

	ChannelType type();

	/** The provider's name as recorded on each attempt, e.g. {@code smtp}. */
	String provider();

	DeliveryResult send(OutboundMessage message);

	/**
	 * Whether this provider can carry the message at all: a push provider only reaches its own platform's devices.
	 * Routing skips providers that cannot.
	 */
	default boolean supports(OutboundMessage message) {
		return message.channel() == type();
	}

}
