package dev.herald.channels.email;

import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;

/**
 * Who Herald's email comes from. Checked once at startup, so a bad setting fails fast instead of failing every
 * delivery.
 *
 * @param fromAddress the bare address in {@code From}, e.g. {@code notifications@example.com}
 * @param fromName the display name shown with it, or {@code null}; line breaks become spaces
 * @param messageIdDomain the right-hand side of generated Message-IDs, a host name such as {@code mail.example.com}
 * @param replyTo the bare address in {@code Reply-To}, or {@code null} for none
 */
public record EmailSettings(String fromAddress, String fromName, String messageIdDomain, String replyTo) {

	// A host name is a valid dot-atom, so "<uuid@domain>" is a well-formed msg-id (RFC 5322 section 3.6.4).
	private static final Pattern HOST_NAME = Pattern
		.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

	public EmailSettings {
		fromAddress = requireBareAddress("fromAddress", fromAddress);
		fromName = HeaderValues.sanitize(fromName);
		Objects.requireNonNull(messageIdDomain, "messageIdDomain");
		if (!HOST_NAME.matcher(messageIdDomain).matches()) {
			throw new IllegalArgumentException(
					"messageIdDomain must be a host name, not \"" + HeaderValues.escape(messageIdDomain) + "\"");
		}
		replyTo = (replyTo == null || replyTo.isBlank()) ? null : requireBareAddress("replyTo", replyTo);
	}

	public EmailSettings(String fromAddress, String fromName, String messageIdDomain) {
		this(fromAddress, fromName, messageIdDomain, null);
	}

	private static String requireBareAddress(String name, String address) {
		Objects.requireNonNull(address, name);
		try {
			return EmailAddresses.parseBare(address).getAddress();
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException(
					name + " \"" + HeaderValues.escape(address) + "\" is not a valid address: " + ex.getMessage(), ex);
		}
	}

}
