package dev.herald.channels.local;

import java.util.Objects;
import java.util.Set;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

/**
 * A development provider ({@value #SMS} or {@value #PUSH}): keeps messages in the {@link DevelopmentOutbox} instead of
 * sending them; no settings. The push one takes devices of every platform.
 */
public final class LocalProvider implements ChannelProvider {

	public static final String SMS = "local-sms";

	public static final String PUSH = "local-push";

	private final String id;

	private final ChannelType channel;

	private final DevelopmentOutbox outbox;

	private LocalProvider(String id, ChannelType channel, DevelopmentOutbox outbox) {
		this.id = id;
		this.channel = channel;
		this.outbox = Objects.requireNonNull(outbox, "outbox");
	}

	public static LocalProvider sms(DevelopmentOutbox outbox) {
		return new LocalProvider(SMS, ChannelType.SMS, outbox);
	}

	public static LocalProvider push(DevelopmentOutbox outbox) {
		return new LocalProvider(PUSH, ChannelType.PUSH, outbox);
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public ChannelType channel() {
		return this.channel;
	}

	@Override
	public Set<String> requiredSettings() {
		return Set.of();
	}

	@Override
	public Set<String> requiredSecrets() {
		return Set.of();
	}

	@Override
	public Channel create(ProviderSettings settings) {
		return new OutboxChannel(this.channel, this.id, this.outbox);
	}

}
