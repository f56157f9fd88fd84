package dev.herald.channels.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Strict parsing of the bare addresses Herald is given: one mailbox, no display name, no group, nothing to inject. */
final class EmailAddresses {

	private EmailAddresses() {
	}

	static InternetAddress parseBare(String address) throws AddressException {
		// Checked before parsing: the parser's error messages quote the input, and a quoted CRLF is still a CRLF.
		if (HeaderValues.containsUnsafe(address)) {
			throw new AddressException("contains a line break or control character");
		}
		InternetAddress parsed = new InternetAddress(address, true);
		parsed.validate();
		if (parsed.isGroup() || parsed.getPersonal() != null) {
			throw new AddressException("expected a bare address, not a display name or group");
		}
		return parsed;
	}

}
