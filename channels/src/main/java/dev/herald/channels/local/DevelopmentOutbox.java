package dev.herald.channels.local;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.herald.channels.ChannelType;
import dev.herald.channels.OutboundMessage;

/**
 * The SMS and push notifications the development providers "sent", newest first, for the console to list beside
 * the development mailbox. It keeps the last {@link #capacity()} messages; older ones are forgotten, so a long-running
 * development server does not grow without bound. Thread-safe.
 */
public final class DevelopmentOutbox {

	public static final int DEFAULT_CAPACITY = 500;

	private final int capacity;

	private final Clock clock;

	private final Deque<Message> messages = new ArrayDeque<>();

	private long lastId;

	public DevelopmentOutbox() {
		this(DEFAULT_CAPACITY, Clock.systemUTC());
	}

	public DevelopmentOutbox(int capacity, Clock clock) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
		}
		this.capacity = capacity;
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	public int capacity() {
		return this.capacity;
	}

	/** Keeps {@code message}, forgetting the oldest one when full. */
	public Message add(OutboundMessage message) {
		Objects.requireNonNull(message, "message");
		synchronized (this.messages) {
			Message kept = new Message(++this.lastId, this.clock.instant(), message.channel(), message.deliveryId(),
					message.tenantId(), message.to(), message.subject(), message.textBody(), message.data(),
					(message.device() != null) ? message.device().platform() : null);
			if (this.messages.size() == this.capacity) {
				this.messages.removeLast();
			}
			this.messages.addFirst(kept);
			return kept;
		}
	}

	/** Every kept message, newest first. */
	public List<Message> messages() {
		synchronized (this.messages) {
			return List.copyOf(this.messages);
		}
	}

	/** The kept messages of one tenant, newest first: the development server is shared by all tenants. */
	public List<Message> messages(UUID tenantId) {
		List<Message> tenants = new ArrayList<>();
		for (Message message : messages()) {
			if (message.tenantId().equals(tenantId)) {
				tenants.add(message);
			}
		}
		return List.copyOf(tenants);
	}

	public void clear() {
		synchronized (this.messages) {
			this.messages.clear();
		}
	}

	/**
	 * One message as a development provider received it.
	 *
	 * @param id its number in this outbox, counting from 1; also the provider's message id
	 * @param time when it was "sent"
	 * @param channel SMS or push
	 * @param deliveryId the delivery it belongs to
	 * @param tenantId the tenant that sent it
	 * @param to the phone number, or the push device's token
	 * @param title the push notification's title, or {@code null}
	 * @param text the SMS text, or the push notification's body
	 * @param data the push notification's extra key/values; empty for SMS
	 * @param platform the push device's platform ({@code webpush}, {@code fcm}, {@code apns}, {@code sns}), or
	 * {@code null}
	 */
	public record Message(long id, Instant time, ChannelType channel, UUID deliveryId, UUID tenantId, String to,
			String title, String text, Map<String, String> data, String platform) {

		public Message {
			data = (data != null) ? Map.copyOf(data) : Map.of();
		}

	}

}
