package dev.herald.functions.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The SES event publishing samples in {@code src/test/resources/ses}, optionally about another message. */
public final class SesSamples {

	/** The message id of every sample, as in the SES Developer Guide. */
	public static final String MESSAGE_ID = "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000";

	public static final String RECIPIENT = "recipient@example.com";

	private SesSamples() {
	}

	/** A sample by name, e.g. {@code bounce-permanent}. */
	public static String json(String name) {
		try (InputStream in = SesSamples.class.getResourceAsStream("/ses/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No SES sample " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The sample about message {@code messageId} sent to {@code recipient}. */
	public static String about(String name, String messageId, String recipient) {
		return json(name).replace(MESSAGE_ID, messageId).replace(RECIPIENT, recipient);
	}

}
