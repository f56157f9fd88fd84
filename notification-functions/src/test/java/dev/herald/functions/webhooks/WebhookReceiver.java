package dev.herald.functions.webhooks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A tenant's webhook endpoint on a local port: it answers with the status codes it is told to (then 200), and keeps
 * every request with whether its signature verifies the way the Standard Webhooks reference verification does it —
 * written here from the spec, not with Herald's signing code. Public for the web console's tests too.
 */
public final class WebhookReceiver implements AutoCloseable {

	private static final Duration TOLERANCE = Duration.ofMinutes(5);

	private final HttpServer server;

	private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile String secret;

	private volatile Duration delay = Duration.ZERO;

	public WebhookReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/hooks", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
			String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
			this.received.add(new Received(id, timestamp, signature, new String(body, StandardCharsets.UTF_8),
					verifies(this.secret, id, timestamp, signature, body)));
			try {
				Thread.sleep(this.delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Integer status = this.answers.poll();
			byte[] answer = ((status != null) ? "not now" : "ok").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders((status != null) ? status : 200, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
	}

	/** The secret the endpoint was given, to verify with. */
	public void secret(String secret) {
		this.secret = secret;
	}

	/** Takes this long over each answer, like a slow endpoint. */
	public void delay(Duration delay) {
		this.delay = delay;
	}

	/** Answers the next requests with these statuses, in order, then 200. */
	public void answer(Integer... statuses) {
		this.answers.addAll(List.of(statuses));
	}

	public List<Received> received() {
		return new ArrayList<>(this.received);
	}

	/**
	 * The spec's verification: the secret's base64 part after {@code whsec_} is the HMAC-SHA256 key, the signed content
	 * is {@code id.timestamp.body}, any of the space-separated {@code v1,} signatures may match (compared in constant
	 * time), and the timestamp must be within the tolerance of now.
	 */
	public static boolean verifies(String secret, String id, String timestamp, String header, byte[] body) {
		if (secret == null || id == null || timestamp == null || header == null) {
			return false;
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			return false;
		}
		if (Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs().compareTo(TOLERANCE) > 0) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			byte[] expected = mac.doFinal(body);
			for (String versioned : header.split(" ")) {
				String[] parts = versioned.split(",", 2);
				if (parts.length == 2 && parts[0].equals("v1")
						&& MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
					return true;
				}
			}
			return false;
		}
		catch (java.security.GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	public record Received(String webhookId, String timestamp, String signature, String body, boolean verified) {
	}

}
