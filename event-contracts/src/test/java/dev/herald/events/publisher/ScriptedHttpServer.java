package dev.herald.events.publisher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on the loopback interface answering with a script, one answer per request, and keeping every
 * request it received.
 */
final class ScriptedHttpServer implements AutoCloseable {

	/** One scripted answer; {@code delay} holds the answer back, to make the client time out. */
	record Answer(int status, Map<String, String> headers, String body, Duration delay) {

		static Answer of(int status, String contentType, String body) {
			return new Answer(status, Map.of("Content-Type", contentType), body, Duration.ZERO);
		}

		Answer withHeader(String name, String value) {
			var headers = new java.util.LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Answer(this.status, headers, this.body, this.delay);
		}

		Answer after(Duration delay) {
			return new Answer(this.status, this.headers, this.body, delay);
		}

	}

	/** One request as it arrived. */
	record Request(String method, String path, Map<String, List<String>> headers, String body, long receivedAtNanos) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().getFirst())
				.findFirst()
				.orElse(null);
		}

	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final BlockingQueue<Function<Request, Answer>> script = new LinkedBlockingQueue<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	ScriptedHttpServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		// Answers held back must not hold up the next request.
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	ScriptedHttpServer answer(Answer answer) {
		this.script.add((request) -> answer);
		return this;
	}

	/** Answers the next request with what {@code answer} makes of it. */
	ScriptedHttpServer answer(Function<Request, Answer> answer) {
		this.script.add(answer);
		return this;
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					Map.copyOf(exchange.getRequestHeaders()),
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
			this.requests.add(request);
			Function<Request, Answer> next = this.script.poll();
			Answer answer = (next != null) ? next.apply(request)
					: Answer.of(599, "text/plain", "no answer scripted for request " + this.requests.size());
			if (!answer.delay().isZero()) {
				Thread.sleep(answer.delay());
			}
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), (body.length == 0) ? -1 : body.length);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// The client gave up waiting (a timeout under test); nothing to answer.
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
