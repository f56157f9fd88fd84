package dev.herald.channels.sms.twilio;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Twilio's Messages API that checks requests as Twilio does (credentials, account in the path,
 * form encoding, required parameters), answers in Twilio's JSON shapes, and records every request for the test to
 * inspect.
 */
final class FakeTwilio implements AutoCloseable {

	static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";

	static final String AUTH_TOKEN = "f00dfeedc0ffee5ecre7a11ab1ebad42";

	static final String FROM = "+14155550100";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

	private final AtomicInteger created = new AtomicInteger();

	private volatile String username = ACCOUNT_SID;

	private volatile String password = AUTH_TOKEN;

	private volatile Function<Request, Answer> answers = this::created;

	FakeTwilio() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Accepts these credentials instead of the account's auth token, e.g. an API key. */
	FakeTwilio acceptCredentials(String username, String password) {
		this.username = username;
		this.password = password;
		return this;
	}

	/** Answers requests that pass Twilio's checks this way instead of creating the message. */
	FakeTwilio answer(Function<Request, Answer> answers) {
		this.answers = answers;
		return this;
	}

	FakeTwilio answer(Answer answer) {
		return answer((request) -> answer);
	}

	/** The next request received, waiting a little for it. */
	Request request() throws InterruptedException {
		Request request = this.requests.poll(5, TimeUnit.SECONDS);
		if (request == null) {
			throw new AssertionError("Twilio received no request");
		}
		return request;
	}

	int requestCount() {
		return this.requests.size();
	}

	/** Twilio's answer to a created message: 201 and the message resource. */
	Answer created(Request request) {
		String sid = "SM%032x".formatted(this.created.incrementAndGet());
		String body = """
				{"account_sid": "%s", "api_version": "2010-04-01", "body": %s, \
				"date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": null, \
				"date_updated": "Thu, 24 Aug 2023 05:01:45 +0000", "direction": "outbound-api", \
				"error_code": null, "error_message": null, "from": %s, "messaging_service_sid": %s, \
				"num_media": "0", "num_segments": "1", "price": null, "price_unit": "USD", "sid": "%s", \
				"status": "queued", "subresource_uris": {"media": "/2010-04-01/Accounts/%s/Messages/%s/Media.json"}, \
				"to": "%s", "uri": "/2010-04-01/Accounts/%s/Messages/%s.json"}"""
			.formatted(ACCOUNT_SID, quote(request.form().get("Body")), quote(request.form().get("From")),
					quote(request.form().get("MessagingServiceSid")), sid, ACCOUNT_SID, sid, request.form().get("To"),
					ACCOUNT_SID, sid);
		return new Answer(201, body, Map.of());
	}

	/** Twilio's error document. */
	static Answer error(int status, int code, String message) {
		return new Answer(status, """
				{"code": %d, "message": %s, "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}"""
			.formatted(code, quote(message), code, status), Map.of());
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
					new String(body, StandardCharsets.UTF_8));
			this.requests.add(request);
			Answer answer = check(request);
			if (answer == null) {
				answer = this.answers.apply(request);
			}
			answer.send(exchange);
		}
	}

	/** What Twilio itself refuses before looking at the message. */
	private Answer check(Request request) {
		String expected = "Basic " + Base64.getEncoder()
			.encodeToString((this.username + ":" + this.password).getBytes(StandardCharsets.UTF_8));
		if (!expected.equals(request.headers().getFirst("Authorization"))) {
			return new Answer(401, """
					{"code": 20003, "detail": "Your AccountSid or AuthToken was incorrect.", \
					"message": "Authenticate", \
					"more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}""",
					Map.of("WWW-Authenticate", "Basic realm=\"Twilio API\""));
		}
		String path = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
		if (!request.path().endsWith(path)) {
			return error(404, 20404,
					"The requested resource " + request.path() + " was not found");
		}
		if (!request.method().equals("POST")) {
			return error(405, 20004, "Method not allowed");
		}
		Map<String, String> form = request.form();
		if (!form.containsKey("To")) {
			return error(400, 21604, "A 'To' phone number is required.");
		}
		if (!form.containsKey("From") && !form.containsKey("MessagingServiceSid")) {
			return error(400, 21603, "A 'From' phone number is required.");
		}
		if (!form.containsKey("Body")) {
			return error(400, 21602, "Message body is required.");
		}
		return null;
	}

	static String quote(String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder json = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append("\\u%04x".formatted((int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** One request as Twilio received it. */
	record Request(String method, String path, String query, Headers headers, String body) {

		/** The form fields, URL-decoded, in the order sent; a field sent twice fails the test. */
		Map<String, String> form() {
			Map<String, String> fields = new LinkedHashMap<>();
			if (this.body.isEmpty()) {
				return fields;
			}
			for (String pair : this.body.split("&")) {
				int equals = pair.indexOf('=');
				String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
				String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				if (fields.put(name, value) != null) {
					throw new AssertionError("form field " + name + " sent twice");
				}
			}
			return fields;
		}

		/** The Basic credentials, decoded. */
		String basicCredentials() {
			String authorization = this.headers.getFirst("Authorization");
			if (authorization == null || !authorization.startsWith("Basic ")) {
				throw new AssertionError("no Basic authorization: " + authorization);
			}
			return new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
					StandardCharsets.UTF_8);
		}

	}

	/**
	 * How the fake answers.
	 *
	 * @param delay how long to wait before the headers
	 * @param bodyDelay how long to wait between the headers and the body
	 */
	record Answer(int status, String body, Map<String, String> headers, Duration delay, Duration bodyDelay) {

		Answer(int status, String body, Map<String, String> headers) {
			this(status, body, headers, Duration.ZERO, Duration.ZERO);
		}

		Answer withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Answer(this.status, this.body, headers, this.delay, this.bodyDelay);
		}

		Answer after(Duration delay) {
			return new Answer(this.status, this.body, this.headers, delay, this.bodyDelay);
		}

		Answer withBodyAfter(Duration bodyDelay) {
			return new Answer(this.status, this.body, this.headers, this.delay, bodyDelay);
		}

		static Answer html(int status, String html) {
			return new Answer(status, html, Map.of("Content-Type", "text/html"));
		}

		void send(HttpExchange exchange) throws IOException {
			sleep(this.delay);
			if (!this.headers.containsKey("Content-Type")) {
				exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
			}
			this.headers.forEach(exchange.getResponseHeaders()::set);
			byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(this.status, this.bodyDelay.isZero() ? bytes.length : 0);
			OutputStream out = exchange.getResponseBody();
			if (!this.bodyDelay.isZero()) {
				out.flush();
				sleep(this.bodyDelay);
			}
			out.write(bytes);
		}

		private static void sleep(Duration duration) {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
