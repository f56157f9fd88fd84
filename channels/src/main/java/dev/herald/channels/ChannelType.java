package dev.herald.channels;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of channel a notification can travel over. */
public enum ChannelType {

	EMAIL("email"), SMS("sms"), PUSH("push");

	private final String id;

	ChannelType(String id) {
		this.id = id;
	}

	/** The lower-case name used in storage, configuration and the API. */
	public String id() {
		return this.id;
	}

	public static Optional<ChannelType> fromId(String id) {
		return Arrays.stream(values()).filter((type) -> type.id.equals(id)).findFirst();
	}

}
