package dev.herald.channels.email.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpFailureTests {

	@Test
	void serverThatIsDownIsRetriedLaterQuickly() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		SmtpEmailChannel channel = new SmtpEmailChannel(TestEmails.sender("127.0.0.1", closedPort),
				TestEmails.SETTINGS);

		Instant start = Instant.now();
		DeliveryResult result = channel.send(TestEmails.email("bob@example.test"));

		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.provider()).isEqualTo("smtp");
			assertThat(retry.reason()).startsWith("SMTP server unreachable");
			assertThat(retry.retryAfter()).isNull();
		});
	}

	@Test
	void serverThatNeverGreetsIsRetriedLaterAfterTheReadTimeout() throws IOException {
		Map<String, String> script = Map.of(ScriptedSmtpServer.GREETING, ScriptedSmtpServer.SILENT);
		try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script)) {
			Instant start = Instant.now();
			DeliveryResult result = send(server, TestEmails.email("bob@example.test"));

			assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
			assertThat(result).isInstanceOf(RetryLater.class);
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown | ADDRESS_GONE
			551 5.1.6 User not local; please try <bob@elsewhere.test>               | ADDRESS_GONE
			553 5.1.0 Mailbox name not allowed                                      | ADDRESS_GONE
			553 5.1.3 Bad recipient address syntax                                  | INVALID_ADDRESS
			501 5.1.3 Invalid address                                               | INVALID_ADDRESS
			554 5.7.1 <bob@example.test>: Recipient refused by policy               | CONTENT
			""")
	void permanentRecipientRefusalIsRejectedWithTheServersReplyAndWhatItSaysAboutTheAddress(String reply,
			Cause cause) throws IOException {
		try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Map.of("RCPT", reply))) {
			DeliveryResult result = send(server, TestEmails.email("bob@example.test"));

			assertThat(result).isEqualTo(new Rejected("smtp", "recipient refused: " + reply, cause));
			assertThat(server.commands()).doesNotContain("DATA");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "450 4.2.0 Mailbox busy", "451 4.3.0 Local error in processing",
			"452 4.2.2 Insufficient system storage", "421 4.3.2 Service shutting down",
			"552 5.2.2 Mailbox full" })
	void temporaryRecipientRefusalIsRetriedLater(String reply) throws IOException {
		try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Map.of("RCPT", reply))) {
			DeliveryResult result = send(server, TestEmails.email("bob@example.test"));

			assertThat(result).isEqualTo(new RetryLater("smtp", "recipient temporarily refused: " + reply, null));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "554 5.7.1 Message rejected as spam", "552 5.3.4 Message size exceeds fixed limit",
			"550 5.7.1 Message content rejected" })
	void messageRefusedAtTheEndOfDataIsRejectedForItsContent(String reply) throws IOException {
		try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Map.of(".", reply))) {
			DeliveryResult result = send(server, TestEmails.email("bob@example.test"));

			assertThat(result).isEqualTo(new Rejected("smtp", "message refused: " + reply, Cause.CONTENT));
		}
	}

	@Test
	void messageDeferredAtTheEndOfDataIsRetriedLater() throws IOException {
		String reply = "451 4.7.1 Greylisted, please try again later";
		try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Map.of(".", reply))) {
			DeliveryResult result = send(server, TestEmails.email("bob@example.test"));

			assertThat(result).isEqualTo(new RetryLater("smtp", "message temporarily refused: " + reply, null));
		}
	}

	@Test
	void refusedSenderIsRetriedLaterBecauseTheOperatorCanFixIt() throws IOException {
		String reply = "553 5.7.1 <orders@shop.test>: Sender address rejected: not owned by user";
		try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Map.of("MAIL", reply))) {
			DeliveryResult result = send(server, TestEmails.email("bob@example.test"));

			assertThat(result).isEqualTo(new RetryLater("smtp", "sender refused: " + reply, null));
			assertThat(server.commands()).doesNotContain("RCPT");
		}
	}

	@Test
	void connectionLostAfterTheServerAcceptedTheMessageCountsAsDelivered() throws IOException {
		try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Map.of("QUIT", ScriptedSmtpServer.RESET))) {
			OutboundMessage message = TestEmails.email("bob@example.test");

			DeliveryResult result = send(server, message);

			assertThat(server.commands()).containsSubsequence(".", "QUIT");
			assertThat(result).isEqualTo(new Delivered("smtp", "<" + message.deliveryId() + "@herald.test>"));
		}
	}

	private static DeliveryResult send(ScriptedSmtpServer server, OutboundMessage message) {
		return new SmtpEmailChannel(TestEmails.sender(server.host(), server.port()), TestEmails.SETTINGS).send(message);
	}

}
