package dev.herald.e2e.lambda;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Lambda Runtime API (version 2018-06-01) that one runtime process polls: the test enqueues
 * an event with {@link #invoke}, the runtime takes it from {@code GET /runtime/invocation/next} and posts the answer to
 * {@code …/invocation/{id}/response} or {@code …/error}, which completes the invocation's future. INIT failures
 * ({@code /runtime/init/error}) and SnapStart's checkpoint and restore ({@code /runtime/restore/next},
 * {@code /runtime/restore/error}) are recorded too. Answers and limits follow the AWS documentation of the API.
 */
final class LambdaRuntimeApi implements AutoCloseable {

	static final String ACCOUNT = "123456789012";

	static final String REGION = "eu-west-1";

	/** Lambda refuses synchronous responses over 6 MB. */
	private static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

	private static final String PREFIX = "/2018-06-01/runtime/";

	private static final Pattern INVOCATION = Pattern.compile(PREFIX + "invocation/([^/]+)/(response|error)");

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final String functionArn;

	private final Duration timeout;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();

	private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();

	private final CompletableFuture<PostedError> initError = new CompletableFuture<>();

	private final CompletableFuture<Long> checkpoint = new CompletableFuture<>();

	private final CompletableFuture<Void> restore = new CompletableFuture<>();

	private final CompletableFuture<PostedError> restoreError = new CompletableFuture<>();

	private volatile boolean closed;

	private volatile Throwable gone;

	private LambdaRuntimeApi(String functionName, Duration timeout) throws IOException {
		this.functionArn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName;
		this.timeout = timeout;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		// invocation/next blocks until an event comes: one thread per request
		this.server.setExecutor(this.executor);
		this.server.createContext(PREFIX, this::handle);
		this.server.start();
	}

	/** A Runtime API for one function, on a free port of 127.0.0.1. */
	static LambdaRuntimeApi start(String functionName, Duration timeout) throws IOException {
		return new LambdaRuntimeApi(functionName, timeout);
	}

	/** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
	String address() {
		return "127.0.0.1:" + this.server.getAddress().getPort();
	}

	String functionArn() {
		return this.functionArn;
	}

	/** Queues one event for the runtime; completes with its answer, or exceptionally if the runtime goes away. */
	CompletableFuture<InvocationResult> invoke(String eventJson) {
		Pending pending = new Pending(UUID.randomUUID().toString(), eventJson, System.nanoTime(),
				new CompletableFuture<>());
		this.queue.add(pending);
		Throwable gone = this.gone;
		if (gone != null) {
			// the runtime went away before: nothing will ever take this event
			failPending(gone);
		}
		return pending.result;
	}

	/** Completes ({@link System#nanoTime()}) when the runtime first asks for an event: its INIT is over. */
	CompletableFuture<Long> firstPoll() {
		return this.firstPoll;
	}

	/** Completes when the runtime reports that INIT failed ({@code /runtime/init/error}). */
	CompletableFuture<PostedError> initError() {
		return this.initError;
	}

	/** Completes ({@link System#nanoTime()}) when a SnapStart runtime, INIT and checkpoint hooks done, awaits restore. */
	CompletableFuture<Long> checkpoint() {
		return this.checkpoint;
	}

	/** Lets a runtime waiting in {@code /runtime/restore/next} go on, as a SnapStart restore does. */
	void restore() {
		this.restore.complete(null);
	}

	/** Completes when an {@code afterRestore} hook failed ({@code /runtime/restore/error}). */
	CompletableFuture<PostedError> restoreError() {
		return this.restoreError;
	}

	/** Fails every queued and running invocation, and any later one, because the runtime process is gone. */
	void runtimeGone(Throwable cause) {
		if (this.gone == null) {
			this.gone = cause;
		}
		failPending(cause);
	}

	private void failPending(Throwable cause) {
		for (Pending pending; (pending = this.queue.poll()) != null;) {
			pending.result.completeExceptionally(cause);
		}
		this.inFlight.values().forEach((pending) -> pending.result.completeExceptionally(cause));
		this.inFlight.clear();
	}

	@Override
	public void close() {
		this.closed = true;
		runtimeGone(new IllegalStateException("The Runtime API was closed"));
		this.restore.complete(null);
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			Matcher invocation = INVOCATION.matcher(path);
			if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
				next(exchange);
			}
			else if (method.equals("POST") && invocation.matches()) {
				answered(exchange, invocation.group(1), invocation.group(2).equals("error"));
			}
			else if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
				this.initError.complete(posted(exchange));
				accepted(exchange);
			}
			else if (method.equals("GET") && path.equals(PREFIX + "restore/next")) {
				this.checkpoint.complete(System.nanoTime());
				awaitRestore();
				send(exchange, 200, "");
			}
			else if (method.equals("POST") && path.equals(PREFIX + "restore/error")) {
				this.restoreError.complete(posted(exchange));
				accepted(exchange);
			}
			else {
				send(exchange, 404, error("UnknownPath", method + " " + path));
			}
		}
	}

	private void next(HttpExchange exchange) throws IOException {
		this.firstPoll.complete(System.nanoTime());
		Pending pending = take();
		if (pending == null) {
			// closing: the runtime process is about to be stopped
			send(exchange, 500, error("ServiceException", "The Runtime API is shutting down"));
			return;
		}
		long delivered = System.nanoTime();
		this.inFlight.put(pending.requestId, pending.delivered(delivered));
		long deadline = System.currentTimeMillis() + this.timeout.toMillis();
		var headers = exchange.getResponseHeaders();
		headers.set("Content-Type", "application/json");
		headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId);
		headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
		headers.set("Lambda-Runtime-Invoked-Function-Arn", this.functionArn);
		headers.set("Lambda-Runtime-Trace-Id", traceId());
		send(exchange, 200, pending.event);
	}

	private Pending take() {
		try {
			while (!this.closed) {
				Pending pending = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (pending != null) {
					return pending;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return null;
	}

	private void answered(HttpExchange exchange, String requestId, boolean error) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		long answered = System.nanoTime();
		Pending pending = this.inFlight.remove(requestId);
		if (pending == null) {
			send(exchange, 400, error("InvalidRequestID", "No invocation " + requestId + " is in progress"));
			return;
		}
		InvocationResult.Timing timing = new InvocationResult.Timing(pending.enqueued, pending.delivered, answered);
		String text = new String(body, StandardCharsets.UTF_8);
		if (error) {
			String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
			pending.result.complete(new InvocationResult.Error(requestId, type, text, timing));
		}
		else if (body.length > MAX_RESPONSE_BYTES) {
			pending.result.complete(new InvocationResult.Error(requestId, "Function.ResponseSizeTooLarge",
					error("Function.ResponseSizeTooLarge", "Response payload size exceeded maximum allowed payload size ("
							+ MAX_RESPONSE_BYTES + " bytes)."), timing));
			send(exchange, 413, error("RequestEntityTooLarge", "Response payload too large"));
			return;
		}
		else {
			pending.result.complete(new InvocationResult.Response(requestId, text, timing));
		}
		accepted(exchange);
	}

	private void awaitRestore() {
		try {
			this.restore.get();
		}
		catch (Exception ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static PostedError posted(HttpExchange exchange) throws IOException {
		return new PostedError(exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"),
				new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
	}

	private static void accepted(HttpExchange exchange) throws IOException {
		send(exchange, 202, "{\"status\":\"OK\"}");
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
		}
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

	private static String error(String type, String message) {
		return "{\"errorMessage\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"errorType\":\""
				+ type + "\"}";
	}

	/** An X-Ray trace header as Lambda passes it: {@code Root=1-<epoch hex>-<96 bits>;Parent=<64 bits>;Sampled=0}. */
	private static String traceId() {
		HexFormat hex = HexFormat.of();
		byte[] root = new byte[12];
		byte[] parent = new byte[8];
		ThreadLocalRandom.current().nextBytes(root);
		ThreadLocalRandom.current().nextBytes(parent);
		return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(root) + ";Parent="
				+ hex.formatHex(parent) + ";Sampled=0";
	}

	/** An error a runtime posted outside an invocation (INIT or restore), with its error type header. */
	record PostedError(String errorType, String body) {
	}

	private record Pending(String requestId, String event, long enqueued, long delivered,
			CompletableFuture<InvocationResult> result) {

		Pending(String requestId, String event, long enqueued, CompletableFuture<InvocationResult> result) {
			this(requestId, event, enqueued, 0, result);
		}

		Pending delivered(long nanos) {
			return new Pending(this.requestId, this.event, this.enqueued, nanos, this.result);
		}

	}

}
