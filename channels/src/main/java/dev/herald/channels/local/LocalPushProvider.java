package dev.herald.channels.local;

import java.util.Objects;
import java.util.Set;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

/**
 * Development push (provider id {@value #ID}) for every platform: keeps notifications in the
 * {@link DevelopmentOutbox}; no settings.
 */
public final class LocalPushProvider implements ChannelProvider {

	public static final String ID = "local-push";

	private final DevelopmentOutbox outbox;

	public LocalPushProvider(DevelopmentOutbox outbox) {
		this.outbox = Objects.requireNonNull(outbox, "outbox");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public ChannelType channel() {
		return ChannelType.PUSH;
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
		return new OutboxChannel(ChannelType.PUSH, ID, this.outbox);
	}

}
