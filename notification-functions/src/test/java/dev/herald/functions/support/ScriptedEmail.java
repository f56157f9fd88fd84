package dev.herald.functions.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.OutboundMessage;

/** An email channel that answers as the test says (delivered by default) and remembers what it was given. */
public final class ScriptedEmail implements Channel {

	public final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

	private volatile Function<OutboundMessage, DeliveryResult> answer = (message) -> new DeliveryResult.Delivered(
			"scripted", "msg-" + message.deliveryId());

	public void answer(Function<OutboundMessage, DeliveryResult> answer) {
		this.answer = answer;
	}

	@Override
	public ChannelType type() {
		return ChannelType.EMAIL;
	}

	@Override
	public String provider() {
		return "scripted";
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		this.sent.add(message);
		return this.answer.apply(message);
	}

}
