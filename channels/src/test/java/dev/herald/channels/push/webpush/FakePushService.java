package dev.herald.channels.push.webpush;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A push service on loopback that behaves like Mozilla's autopush and FCM's Web Push endpoint: it checks what they
 * check (the VAPID JWT and its key, {@code TTL}, {@code Content-Encoding}, the size) and answers as they do, or with
 * the answer a test scripts next.
 */
final class FakePushService implements AutoCloseable {

	static final String PUSH_PATH = "/wpush/v2/";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final String applicationServerKey;

	private final ConcurrentLinkedDeque<Answer> scripted = new ConcurrentLinkedDeque<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile String audience;

	private FakePushService(String applicationServerKey) throws IOException {
		this.applicationServerKey = applicationServerKey;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
		this.audience = origin();
	}

	/**
	 * A push service whose subscriptions were all made with this {@code applicationServerKey}: requests signed with
	 * another VAPID key are refused, as real services bind a subscription to its key.
	 */
	static FakePushService start(String applicationServerKey) throws IOException {
		return new FakePushService(applicationServerKey);
	}

	String origin() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** A subscription endpoint on this service, as the browser would receive it. */
	String endpoint(String subscriptionId) {
		return origin() + PUSH_PATH + subscriptionId;
	}

	/** The {@code aud} this service expects: its own origin, unless requests reach it through a relay. */
	void expectAudience(String audience) {
		this.audience = audience;
	}

	/** The answer to the next request that passes the service's checks. */
	void answerNext(Answer answer) {
		this.scripted.add(answer);
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	Received onlyRequest() {
		if (this.received.size() != 1) {
			throw new AssertionError("expected exactly one request, got " + this.received.size());
		}
		return this.received.getFirst();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			Headers headers = new Headers(exchange.getRequestHeaders());
			VapidVerifier.Token token = null;
			String refusal = null;
			try {
				token = VapidVerifier.verify(headers.getFirst("Authorization"), this.audience, Instant.now());
			}
			catch (VapidVerifier.Refused ex) {
				refusal = ex.getMessage();
			}
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI(), headers, body, token,
					refusal));
			respond(exchange, check(exchange, headers, body, token, refusal));
		}
	}

	private Answer check(HttpExchange exchange, Headers headers, byte[] body, VapidVerifier.Token token,
			String refusal) {
		if (!exchange.getRequestURI().getPath().startsWith(PUSH_PATH)) {
			return Answer.error(404, 102, "Not Found", "Request did not validate invalid token");
		}
		if (!exchange.getRequestMethod().equals("POST")) {
			return Answer.error(405, 101, "Method Not Allowed", "Use POST");
		}
		if (token == null) {
			return Answer.error(401, 109, "Unauthorized", "Request did not validate: " + refusal);
		}
		if (!token.publicKey().equals(this.applicationServerKey)) {
			// FCM's wording for a VAPID key other than the subscription's applicationServerKey.
			return Answer.json(403, "{\"error\":\"the key in the authorization header does not correspond to the "
					+ "sender ID used to subscribe this user. Please ensure you are using the correct sender ID and "
					+ "server Key from the Firebase console.\"}");
		}
		String ttl = headers.getFirst("TTL");
		if (ttl == null || !ttl.matches("\\d+")) {
			return Answer.error(400, 111, "Bad Request", "Missing TTL Header");
		}
		if (!"aes128gcm".equals(headers.getFirst("Content-Encoding"))) {
			return Answer.error(400, 110, "Bad Request", "Unknown Content-Encoding");
		}
		if (body.length > 4096) {
			return Answer.error(413, 104, "Payload Too Large", "Body is too large");
		}
		Answer next = this.scripted.poll();
		return (next != null) ? next : Answer.created(origin() + "/m/" + UUID.randomUUID());
	}

	private static void respond(HttpExchange exchange, Answer answer) throws IOException {
		sleep(answer.delayHeaders());
		answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
		if (!answer.stallBody().isZero()) {
			// Headers now, the promised body never: a server that hangs mid-answer.
			exchange.sendResponseHeaders(answer.status(), body.length + 100);
			exchange.getResponseBody().flush();
			sleep(answer.stallBody());
			return;
		}
		exchange.sendResponseHeaders(answer.status(), (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		// Interrupts handlers still stalling on purpose.
		this.executor.shutdownNow();
	}

	/** A request as the push service received it, with the outcome of its VAPID check. */
	record Received(String method, URI uri, Headers headers, byte[] body, VapidVerifier.Token vapid,
			String vapidRefusal) {

		String header(String name) {
			return this.headers.getFirst(name);
		}

	}

	/**
	 * An answer of the push service.
	 * @param delayHeaders how long to wait before answering at all
	 * @param stallBody when not zero, send the headers, then hang this long instead of sending the body
	 */
	record Answer(int status, Map<String, String> headers, String body, Duration delayHeaders, Duration stallBody) {

		static Answer of(int status, Map<String, String> headers, String body) {
			return new Answer(status, headers, body, Duration.ZERO, Duration.ZERO);
		}

		static Answer created(String location) {
			return of(201, Map.of("Location", location, "TTL", "86400"), "");
		}

		static Answer json(int status, String body) {
			return of(status, Map.of("Content-Type", "application/json"), body);
		}

		/** autopush's error document (its "errno" codes are in its documentation). */
		static Answer error(int status, int errno, String error, String message) {
			return json(status, "{\"code\":" + status + ",\"errno\":" + errno + ",\"error\":\"" + error
					+ "\",\"message\":\"" + message.replace("\"", "'") + "\"}");
		}

		Answer withHeader(String name, String value) {
			Map<String, String> more = new LinkedHashMap<>(this.headers);
			more.put(name, value);
			return new Answer(this.status, more, this.body, this.delayHeaders, this.stallBody);
		}

		Answer delayed(Duration delay) {
			return new Answer(this.status, this.headers, this.body, delay, this.stallBody);
		}

		Answer stallingBody(Duration stall) {
			return new Answer(this.status, this.headers, this.body, this.delayHeaders, stall);
		}

	}

}
