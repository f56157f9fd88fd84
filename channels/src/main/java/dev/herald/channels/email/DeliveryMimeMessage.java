package dev.herald.channels.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message whose Message-ID is fixed by its delivery. {@link MimeMessage#saveChanges()} would otherwise replace it
 * with a random one on every send, and retries of one delivery could no longer be recognised as duplicates.
 */
final class DeliveryMimeMessage extends MimeMessage {

	private final String messageId;

	DeliveryMimeMessage(Session session, String messageId) {
		super(session);
		this.messageId = messageId;
	}

	@Override
	protected void updateMessageID() throws MessagingException {
		setHeader("Message-ID", this.messageId);
	}

}
