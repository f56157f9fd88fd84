package dev.herald.channels.local;

import java.util.Objects;
import java.util.Set;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

/** Development SMS (provider id {@value #ID}): keeps messages in the {@link DevelopmentOutbox}; no settings. */
public final class LocalSmsProvider implements ChannelProvider {

	public static final String ID = "local-sms";

	private final DevelopmentOutbox outbox;

	public LocalSmsProvider(DevelopmentOutbox outbox) {
		this.outbox = Objects.requireNonNull(outbox, "outbox");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public ChannelType channel() {
		return ChannelType.SMS;
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
		return new OutboxChannel(ChannelType.SMS, ID, this.outbox);
	}

}
