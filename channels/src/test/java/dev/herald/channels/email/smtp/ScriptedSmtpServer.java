package dev.herald.channels.email.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that answers from a script, for the replies GreenMail cannot give (4xx, 5xx, silence, a reset).
 * Replies are keyed by command verb; {@code "."} is the reply to the end of DATA. Two special replies:
 * {@link #SILENT} never answers, {@link #RESET} drops the connection with a TCP reset instead of answering.
 */
final class ScriptedSmtpServer implements AutoCloseable {

	static final String SILENT = "<silent>";

	static final String RESET = "<reset>";

	/** The script key of the greeting sent on connect. */
	static final String GREETING = "GREETING";

	private final Map<String, String> replies = new HashMap<>(Map.of(GREETING, "220 scripted.test ESMTP", "EHLO",
			"250 scripted.test", "HELO", "250 scripted.test", "MAIL", "250 2.1.0 OK", "RCPT", "250 2.1.5 OK", "DATA",
			"354 End data with <CR><LF>.<CR><LF>", ".", "250 2.0.0 Queued", "RSET", "250 2.0.0 OK", "NOOP",
			"250 2.0.0 OK", "QUIT", "221 2.0.0 Bye"));

	private final List<String> commands = new CopyOnWriteArrayList<>();

	private final ServerSocket serverSocket;

	private ScriptedSmtpServer(Map<String, String> script) throws IOException {
		this.replies.putAll(script);
		this.serverSocket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		Thread.ofPlatform().daemon().name("scripted-smtp").start(this::serve);
	}

	/** Starts a server answering {@code script} where given and with success everywhere else. */
	static ScriptedSmtpServer start(Map<String, String> script) throws IOException {
		return new ScriptedSmtpServer(script);
	}

	String host() {
		return this.serverSocket.getInetAddress().getHostAddress();
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/** The verbs received so far, in order ({@code "."} for the end of DATA). */
	List<String> commands() {
		return List.copyOf(this.commands);
	}

	private void serve() {
		while (!this.serverSocket.isClosed()) {
			try (Socket socket = this.serverSocket.accept()) {
				converse(socket);
			}
			catch (IOException ex) {
				// Closed by the test, or the client hung up: either way this conversation is over.
			}
		}
	}

	private void converse(Socket socket) throws IOException {
		BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		PrintWriter out = new PrintWriter(socket.getOutputStream(), false, StandardCharsets.UTF_8);
		if (!reply(socket, out, GREETING)) {
			return;
		}
		String line;
		while ((line = in.readLine()) != null) {
			String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
			this.commands.add(verb);
			if (!reply(socket, out, verb)) {
				return;
			}
			if (verb.equals("DATA") && this.replies.get("DATA").startsWith("354")) {
				while ((line = in.readLine()) != null && !line.equals(".")) {
					// The message itself is of no interest here.
				}
				this.commands.add(".");
				if (!reply(socket, out, ".")) {
					return;
				}
			}
			if (verb.equals("QUIT")) {
				return;
			}
		}
	}

	/** Answers {@code key}; false when the conversation has to end. */
	private boolean reply(Socket socket, PrintWriter out, String key) throws IOException {
		String reply = this.replies.getOrDefault(key, "500 5.5.2 Unknown command");
		if (reply.equals(SILENT)) {
			// Hold the connection open without a word until the client gives up.
			while (socket.getInputStream().read() != -1) {
				// Discard.
			}
			return false;
		}
		if (reply.equals(RESET)) {
			socket.setSoLinger(true, 0);
			return false;
		}
		out.print(reply + "\r\n");
		out.flush();
		// 421 means the server is closing the channel (RFC 5321 section 3.8).
		return !reply.startsWith("421");
	}

	@Override
	public void close() {
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
