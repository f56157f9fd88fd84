package dev.herald.channels.email.smtp;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;

/**
 * Decides whether a failed send is worth retrying. Only an SMTP 5xx about this recipient or this message is final;
 * anything the operator or time can fix (network, credentials, a refused sender, 4xx) is retried.
 */
final class SmtpFailures {

	private SmtpFailures() {
	}

	static DeliveryResult classify(Exception failure) {
		List<Throwable> chain = chain(failure);

		// Angus reports RCPT TO replies as SMTPAddressFailedException, chained under a plain SendFailedException.
		SMTPAddressFailedException recipient = first(chain, SMTPAddressFailedException.class);
		if (recipient != null) {
			return recipientRefused(recipient.getReturnCode(), reply(recipient));
		}
		SMTPSendFailedException command = first(chain, SMTPSendFailedException.class);
		if (command != null) {
			return commandFailed(command.getCommand(), command.getReturnCode(), reply(command));
		}
		if (first(chain, MailAuthenticationException.class) != null
				|| first(chain, AuthenticationFailedException.class) != null) {
			AuthenticationFailedException auth = first(chain, AuthenticationFailedException.class);
			return retry("SMTP authentication failed, check the mail sender's username and password"
					+ ((auth != null && auth.getMessage() != null) ? ": " + oneLine(auth.getMessage()) : ""));
		}
		MailConnectException connect = first(chain, MailConnectException.class);
		if (connect != null) {
			return retry("SMTP server unreachable: " + oneLine(connect.getMessage()));
		}
		IOException io = first(chain, IOException.class);
		if (io != null) {
			return retry("SMTP connection failed: " + describe(io));
		}
		// Another transport than Angus SMTP may only say which addresses it refused.
		SendFailedException sendFailed = first(chain, SendFailedException.class);
		if (sendFailed != null && sendFailed.getInvalidAddresses() != null
				&& sendFailed.getInvalidAddresses().length > 0) {
			return new Rejected(SmtpEmailChannel.PROVIDER, "recipient refused: " + oneLine(sendFailed.getMessage()),
					Cause.INVALID_ADDRESS);
		}
		return unexpected(innermostMailFailure(chain));
	}

	static RetryLater unexpected(Throwable failure) {
		return retry("unexpected " + describe(failure));
	}

	private static DeliveryResult recipientRefused(int code, String reply) {
		if (code == 552) {
			// RFC 5321 section 4.5.3.1.10: a 552 to RCPT TO (mailbox full) is to be treated as temporary.
			return retry("recipient temporarily refused: " + reply);
		}
		if (isPermanent(code)) {
			return new Rejected(SmtpEmailChannel.PROVIDER, "recipient refused: " + reply, recipientCause(code, reply));
		}
		return retry((isTransient(code) ? "recipient temporarily refused: " : "unexpected reply to RCPT TO: ") + reply);
	}

	/**
	 * What a permanent refusal of the recipient says about the address. The enhanced status code (RFC 3463) is the
	 * more precise where present: 5.1.3 is a malformed address even in a 553, which otherwise means no such mailbox.
	 */
	private static Cause recipientCause(int code, String reply) {
		if (reply.matches("\\d{3}[ -]5\\.1\\.3\\b.*") || code == 501) {
			return Cause.INVALID_ADDRESS;
		}
		return switch (code) {
			case 550, 551, 553 -> Cause.ADDRESS_GONE;
			case 554 -> Cause.CONTENT;
			default -> Cause.OTHER;
		};
	}

	private static DeliveryResult commandFailed(String command, int code, String reply) {
		if (command != null && command.toUpperCase(Locale.ROOT).startsWith("MAIL")) {
			// The sender is ours: a refused From (or "530 authentication required") is the operator's to fix, and
			// every delivery would fail the same way until then.
			return retry((isPermanent(code) ? "sender refused: " : "sender temporarily refused: ") + reply);
		}
		if (isPermanent(code)) {
			// A refusal of the message itself, after the recipient was accepted: size (552) or content and policy (554,
			// or 550 "5.7.1 spam").
			return new Rejected(SmtpEmailChannel.PROVIDER, "message refused: " + reply, Cause.CONTENT);
		}
		return retry((isTransient(code) ? "message temporarily refused: " : "unexpected SMTP reply: ") + reply);
	}

	private static boolean isTransient(int code) {
		return code >= 400 && code <= 499;
	}

	private static boolean isPermanent(int code) {
		return code >= 500 && code <= 599;
	}

	private static RetryLater retry(String reason) {
		return new RetryLater(SmtpEmailChannel.PROVIDER, reason, null);
	}

	/** Everything reachable from the failure: Spring's per-message exceptions and all causes (Angus chains replies). */
	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> found = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<Throwable> pending = new ArrayDeque<>();
		pending.add(failure);
		while (!pending.isEmpty()) {
			Throwable next = pending.removeFirst();
			if (!seen.add(next)) {
				continue;
			}
			found.add(next);
			if (next instanceof MailSendException send) {
				pending.addAll(List.of(send.getMessageExceptions()));
			}
			if (next.getCause() != null) {
				pending.add(next.getCause());
			}
		}
		return found;
	}

	private static <T> T first(List<Throwable> chain, Class<T> type) {
		return chain.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
	}

	/** The first exception below Spring's wrappers: that is what actually went wrong. */
	private static Throwable innermostMailFailure(List<Throwable> chain) {
		return chain.stream()
			.filter((t) -> !(t instanceof MailException))
			.findFirst()
			.orElse(chain.getFirst());
	}

	private static String reply(Exception smtpFailure) {
		// Angus keeps the server's reply, code included, as the message.
		return oneLine(smtpFailure.getMessage());
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getName() + ((message != null) ? ": " + oneLine(message) : "");
	}

	private static String oneLine(String text) {
		return (text != null) ? text.strip().replaceAll("\\s+", " ") : "";
	}

}
