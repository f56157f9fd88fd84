package dev.herald.console.local;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** What the development SMTP server received, newest first, for the console's mailbox page. */
public class DevelopmentMailbox {

	private final GreenMail greenMail;

	DevelopmentMailbox(GreenMail greenMail) {
		this.greenMail = greenMail;
	}

	public List<Mail> messages() {
		return Arrays.stream(this.greenMail.getReceivedMessages())
			.map(DevelopmentMailbox::mail)
			.sorted(Comparator.comparing(Mail::receivedAt, Comparator.nullsLast(Comparator.reverseOrder())))
			.toList();
	}

	private static Mail mail(MimeMessage message) {
		try {
			String[] deliveryIds = message.getHeader("X-Herald-Delivery-Id");
			return new Mail(message.getMessageID(), (deliveryIds != null) ? deliveryIds[0] : null,
					join(message.getFrom()),
					join(message.getRecipients(MimeMessage.RecipientType.TO)), message.getSubject(),
					(message.getReceivedDate() != null) ? message.getReceivedDate().toInstant()
							: (message.getSentDate() != null) ? message.getSentDate().toInstant() : null,
					GreenMailUtil.getWholeMessage(message));
		}
		catch (MessagingException ex) {
			return new Mail(null, null, "", "", "(unreadable message: " + ex.getMessage() + ")", null, "");
		}
	}

	private static String join(Address[] addresses) {
		return (addresses != null) ? String.join(", ", Arrays.stream(addresses).map(Address::toString).toList()) : "";
	}

	/** One received message. */
	public record Mail(String messageId, String deliveryId, String from, String to, String subject, Instant receivedAt, String rawBody) {
	}

}
