package dev.herald.channels.push.fcm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google's OAuth2 token endpoint and FCM's {@code messages:send} on one local port. Both check requests as the real
 * services do: the token endpoint verifies the JWT assertion's RS256 signature with the service account's public key
 * and its claims, FCM accepts only a bearer token the token endpoint issued (and has not revoked) on the project's
 * path. Tests script other answers and read every request afterwards.
 */
final class FakeGoogle implements AutoCloseable {

	static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

	static final String UNAUTHENTICATED = """
			{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access \
			token, login cookie or other valid authentication credential.","status":"UNAUTHENTICATED"}}""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Clock clock;

	private final String projectId;

	private volatile PublicKey accountKey;

	private final List<Request> tokenRequests = new CopyOnWriteArrayList<>();

	private final List<Request> sends = new CopyOnWriteArrayList<>();

	private final List<String> issued = new CopyOnWriteArrayList<>();

	private final Set<String> revoked = ConcurrentHashMap.newKeySet();

	private final Deque<Answer> tokenAnswers = new ConcurrentLinkedDeque<>();

	private final Deque<Answer> sendAnswers = new ConcurrentLinkedDeque<>();

	private final AtomicInteger messageIds = new AtomicInteger();

	private volatile Duration tokenDelay = Duration.ZERO;

	private FakeGoogle(PublicKey accountKey, Clock clock, String projectId) throws IOException {
		this.accountKey = accountKey;
		this.clock = clock;
		this.projectId = projectId;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/token", (exchange) -> handle(exchange, this::token));
		this.server.createContext("/v1/", (exchange) -> handle(exchange, this::send));
		this.server.start();
	}

	static FakeGoogle start(PublicKey accountKey, Clock clock) throws IOException {
		return new FakeGoogle(accountKey, clock, ServiceAccounts.PROJECT_ID);
	}

	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	URI tokenUri() {
		return URI.create(baseUrl() + "/token");
	}

	/** The key Google knows for the account, e.g. another one to see a signature refused. */
	void accountKey(PublicKey key) {
		this.accountKey = key;
	}

	void tokenDelay(Duration delay) {
		this.tokenDelay = delay;
	}

	/** The token endpoint's next answer, instead of checking the assertion and issuing a token. */
	void answerTokenRequest(Answer answer) {
		this.tokenAnswers.add(answer);
	}

	/** FCM's next answer to a properly authenticated send, instead of accepting the message. */
	void answerSend(Answer answer) {
		this.sendAnswers.add(answer);
	}

	/** FCM stops accepting this token, as when it is revoked. */
	void revoke(String accessToken) {
		this.revoked.add(accessToken);
	}

	List<Request> tokenRequests() {
		return List.copyOf(this.tokenRequests);
	}

	List<Request> sends() {
		return List.copyOf(this.sends);
	}

	/** Access tokens issued, oldest first. */
	List<String> issued() {
		return List.copyOf(this.issued);
	}

	private Answer token(Request request) {
		this.tokenRequests.add(request);
		sleep(this.tokenDelay);
		Answer scripted = this.tokenAnswers.poll();
		if (scripted != null) {
			return scripted;
		}
		if (!request.method().equals("POST")) {
			return Answer.json(405, "{\"error\":\"invalid_request\"}");
		}
		if (!request.header("content-type").startsWith("application/x-www-form-urlencoded")) {
			return Answer.json(400, "{\"error\":\"invalid_request\",\"error_description\":\"Bad Request\"}");
		}
		Map<String, String> form = request.form();
		if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
			return Answer.json(400,
					"{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type\"}");
		}
		String problem = assertionProblem(form.getOrDefault("assertion", ""));
		if (problem != null) {
			return Answer.json(400, JSON.createObjectNode()
				.put("error", "invalid_grant")
				.put("error_description", problem)
				.toString());
		}
		String token = "ya29.fake-access-token-" + (this.issued.size() + 1);
		this.issued.add(token);
		return Answer.json(200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
	}

	/** What Google would say about the assertion, or {@code null} when it is valid. */
	private String assertionProblem(String assertion) {
		String[] parts = assertion.split("\\.", -1);
		if (parts.length != 3) {
			return "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe";
		}
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initVerify(this.accountKey);
			signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
			if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
				return "Invalid JWT Signature.";
			}
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return "Invalid JWT Signature.";
		}
		JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
		JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
		long now = this.clock.instant().getEpochSecond();
		if (!header.path("alg").stringValue("").equals("RS256")
				|| !header.path("kid").stringValue("").equals(ServiceAccounts.PRIVATE_KEY_ID)) {
			return "Invalid JWT header";
		}
		if (!claims.path("iss").stringValue("").equals(ServiceAccounts.CLIENT_EMAIL)) {
			return "Invalid issuer";
		}
		if (!claims.path("aud").stringValue("").equals(tokenUri().toString())) {
			return "Invalid JWT: Failed audience check.";
		}
		if (!claims.path("scope").stringValue("").equals(SCOPE)) {
			return "Invalid OAuth scope or ID token audience provided.";
		}
		long iat = claims.path("iat").asLong(-1);
		long exp = claims.path("exp").asLong(-1);
		if (Math.abs(iat - now) > 60 || exp != iat + 3600) {
			return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
					+ "Check your iat and exp values in the JWT claim.";
		}
		return null;
	}

	private Answer send(Request request) {
		this.sends.add(request);
		String authorization = request.header("authorization");
		String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
		if (!this.issued.contains(token) || this.revoked.contains(token)) {
			return Answer.json(401, UNAUTHENTICATED);
		}
		if (!request.method().equals("POST")
				|| !request.path().equals("/v1/projects/" + this.projectId + "/messages:send")) {
			return Answer.json(404, """
					{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}""");
		}
		Answer scripted = this.sendAnswers.poll();
		if (scripted != null) {
			sleep(scripted.delay());
			return scripted;
		}
		return Answer.json(200, "{\"name\":\"projects/" + this.projectId + "/messages/0:1700000000000000%"
				+ this.messageIds.incrementAndGet() + "\"}");
	}

	private void handle(HttpExchange exchange, Function<Request, Answer> endpoint)
			throws IOException {
		try (exchange) {
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			Answer answer = endpoint.apply(request);
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), (body.length == 0) ? -1 : body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static void sleep(Duration delay) {
		if (delay.isZero()) {
			return;
		}
		try {
			Thread.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** One request as the fake saw it; header names in lower case. */
	record Request(String method, String path, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.getOrDefault(name, "");
		}

		Map<String, String> form() {
			Map<String, String> form = new LinkedHashMap<>();
			for (String pair : this.body.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
							URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
				}
			}
			return form;
		}

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** The claims of the JWT assertion in a token request. */
		JsonNode assertionClaims() {
			return JSON.readTree(Base64.getUrlDecoder().decode(form().get("assertion").split("\\.")[1]));
		}

		JsonNode assertionHeader() {
			return JSON.readTree(Base64.getUrlDecoder().decode(form().get("assertion").split("\\.")[0]));
		}

	}

	/** A scripted answer. */
	record Answer(int status, String body, Map<String, String> headers, Duration delay) {

		static Answer json(int status, String body) {
			return new Answer(status, body, Map.of("Content-Type", "application/json; charset=UTF-8"), Duration.ZERO);
		}

		Answer withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Answer(this.status, this.body, headers, this.delay);
		}

		Answer after(Duration delay) {
			return new Answer(this.status, this.body, this.headers, delay);
		}

		/** A Google API error body with FCM's error code in its details, as FCM sends them. */
		static Answer fcmError(int status, String canonicalStatus, String fcmErrorCode, String message) {
			List<String> details = new ArrayList<>();
			if (fcmErrorCode != null) {
				details.add("{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\""
						+ fcmErrorCode + "\"}");
			}
			return json(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\""
					+ canonicalStatus + "\",\"details\":[" + String.join(",", details) + "]}}");
		}

	}

}
