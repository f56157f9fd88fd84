package dev.herald.channels.local;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.OutboundMessage;

/** "Sends" SMS or push notifications by keeping them in the {@link DevelopmentOutbox}; every platform is reached. */
final class OutboxChannel implements Channel {

	private static final Logger logger = LoggerFactory.getLogger(OutboxChannel.class);

	private final ChannelType type;

	private final String provider;

	private final DevelopmentOutbox outbox;

	OutboxChannel(ChannelType type, String provider, DevelopmentOutbox outbox) {
		this.type = Objects.requireNonNull(type, "type");
		this.provider = Objects.requireNonNull(provider, "provider");
		this.outbox = Objects.requireNonNull(outbox, "outbox");
	}

	@Override
	public ChannelType type() {
		return this.type;
	}

	@Override
	public String provider() {
		return this.provider;
	}

	DevelopmentOutbox outbox() {
		return this.outbox;
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		if (message.channel() != this.type) {
			return new Rejected(this.provider,
					"not a " + this.type.id() + " message: channel " + message.channel().id());
		}
		if (this.type == ChannelType.PUSH && message.device() == null) {
			return new Rejected(this.provider, "a push notification needs a device", Cause.INVALID_ADDRESS);
		}
		DevelopmentOutbox.Message kept = this.outbox.add(message);
		logger.info("Development outbox #{}: {} to {} for delivery {}", kept.id(), this.type.id(), message.to(),
				message.deliveryId());
		return new Delivered(this.provider, Long.toString(kept.id()));
	}

}
