package dev.herald.channels.email;

/**
 * The recipient's address can never be mailed: malformed, not a single bare address, or carrying a line break. The
 * message is a complete, one-line reason for a rejected delivery.
 */
public final class InvalidRecipientException extends Exception {

	InvalidRecipientException(String address, String problem) {
		super("invalid recipient address \"" + HeaderValues.escape(address) + "\": " + problem);
	}

}
