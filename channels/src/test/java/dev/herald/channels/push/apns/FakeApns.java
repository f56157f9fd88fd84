package dev.herald.channels.push.apns;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * APNs on a local port: HTTP/2 over TLS with ALPN (HTTP/1.1 is offered too, so a client that fails to negotiate h2
 * is seen, not just refused). It checks requests as APNs does — the ES256 provider token against the team's public
 * key, its key id, issuer and age, the path, topic, push type, priority, id and payload — and answers with APNs'
 * status codes and reasons. Tests script other answers and read every request afterwards.
 */
final class FakeApns implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Jetty logs every start and stop at INFO; held here so java.util.logging keeps the level. */
	private static final Logger JETTY_LOGS = Logger.getLogger("org.eclipse.jetty");

	static {
		JETTY_LOGS.setLevel(Level.WARNING);
	}

	private final Server server;

	private final ServerConnector connector;

	private final Clock clock;

	private final PublicKey teamKey;

	private final String topic;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Deque<Answer> answers = new ConcurrentLinkedDeque<>();

	private FakeApns(TestTls tls, PublicKey teamKey, String topic, Clock clock) throws Exception {
		this.clock = clock;
		this.teamKey = teamKey;
		this.topic = topic;
		this.server = new Server();
		HttpConfiguration http = new HttpConfiguration();
		HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
		HttpConnectionFactory http11 = new HttpConnectionFactory(http);
		ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
		alpn.setDefaultProtocol(http11.getProtocol());
		SslContextFactory.Server ssl = new SslContextFactory.Server();
		ssl.setSslContext(tls.serverContext());
		this.connector = new ServerConnector(this.server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2,
				http11);
		this.connector.setHost("127.0.0.1");
		this.connector.setPort(0);
		this.server.addConnector(this.connector);
		this.server.setHandler(new Handler.Abstract() {

			@Override
			public boolean handle(Request request, Response response, Callback callback) throws Exception {
				return FakeApns.this.handle(request, response, callback);
			}

		});
		this.server.start();
	}

	static FakeApns start(TestTls tls, PublicKey teamKey, String topic, Clock clock) throws Exception {
		return new FakeApns(tls, teamKey, topic, clock);
	}

	String baseUrl() {
		return "https://127.0.0.1:" + this.connector.getLocalPort();
	}

	/** APNs' next answer to a request it would otherwise accept. */
	void answer(Answer answer) {
		this.answers.add(answer);
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	private boolean handle(Request request, Response response, Callback callback) throws Exception {
		Map<String, String> headers = new LinkedHashMap<>();
		for (HttpField field : request.getHeaders()) {
			headers.put(field.getLowerCaseName(), field.getValue());
		}
		Received received = new Received(request.getConnectionMetaData().getHttpVersion().asString(),
				request.getMethod(), request.getHttpURI().getPath(), headers,
				Content.Source.asString(request, StandardCharsets.UTF_8));
		this.received.add(received);
		Answer answer = check(received);
		if (answer == null) {
			answer = this.answers.poll();
		}
		if (answer == null) {
			answer = Answer.ok();
		}
		response.setStatus(answer.status());
		String apnsId = received.header("apns-id").isEmpty() ? UUID.randomUUID().toString().toUpperCase()
				: received.header("apns-id");
		response.getHeaders().put("apns-id", apnsId);
		answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
		if (answer.reason() == null) {
			callback.succeeded();
		}
		else {
			response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
			Content.Sink.write(response, true, "{\"reason\":\"" + answer.reason() + "\"" + ((answer.status() == 410)
					? ",\"timestamp\":" + this.clock.millis() : "") + "}", callback);
		}
		return true;
	}

	/** What APNs would refuse about the request, or {@code null} when it would accept it. */
	private Answer check(Received request) {
		if (!request.method().equals("POST")) {
			return Answer.error(405, "MethodNotAllowed");
		}
		if (!request.path().matches("/3/device/[0-9a-fA-F]+")) {
			return Answer.error(404, "BadPath");
		}
		String tokenProblem = providerTokenProblem(request.header("authorization"));
		if (tokenProblem != null) {
			return Answer.error(403, tokenProblem);
		}
		if (request.header("apns-topic").isEmpty()) {
			return Answer.error(400, "MissingTopic");
		}
		if (!request.header("apns-topic").equals(this.topic)) {
			return Answer.error(400, "DeviceTokenNotForTopic");
		}
		if (!request.header("apns-push-type").equals("alert")) {
			return Answer.error(400, "InvalidPushType");
		}
		if (!List.of("5", "10").contains(request.header("apns-priority"))) {
			return Answer.error(400, "BadPriority");
		}
		if (!request.header("apns-expiration").matches("\\d+")) {
			return Answer.error(400, "BadExpirationDate");
		}
		if (!request.header("apns-id").matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
				+ "[0-9a-fA-F]{12}")) {
			return Answer.error(400, "BadMessageId");
		}
		if (request.body().isEmpty()) {
			return Answer.error(400, "PayloadEmpty");
		}
		if (request.body().getBytes(StandardCharsets.UTF_8).length > 4096) {
			return Answer.error(413, "PayloadTooLarge");
		}
		return null;
	}

	private String providerTokenProblem(String authorization) {
		if (!authorization.startsWith("bearer ")) {
			return "MissingProviderToken";
		}
		String[] parts = authorization.substring(7).split("\\.", -1);
		if (parts.length != 3) {
			return "InvalidProviderToken";
		}
		try {
			JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
			JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
			Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
			signature.initVerify(this.teamKey);
			signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
			if (!header.path("alg").stringValue("").equals("ES256")
					|| !header.path("kid").stringValue("").equals(SigningKeys.KEY_ID)
					|| !claims.path("iss").stringValue("").equals(SigningKeys.TEAM_ID)
					|| !signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
				return "InvalidProviderToken";
			}
			if (claims.path("iat").asLong(0) < this.clock.instant().getEpochSecond() - 3600) {
				return "ExpiredProviderToken";
			}
			return null;
		}
		catch (Exception ex) {
			return "InvalidProviderToken";
		}
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
	}

	/** One request as the fake saw it: protocol version, header names in lower case. */
	record Received(String version, String method, String path, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.getOrDefault(name, "");
		}

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String jwt() {
			return header("authorization").substring("bearer ".length());
		}

		JsonNode jwtHeader() {
			return JSON.readTree(Base64.getUrlDecoder().decode(jwt().split("\\.")[0]));
		}

		JsonNode jwtClaims() {
			return JSON.readTree(Base64.getUrlDecoder().decode(jwt().split("\\.")[1]));
		}

	}

	/** A scripted answer; {@code reason} is APNs' error reason, {@code null} for success. */
	record Answer(int status, String reason, Map<String, String> headers) {

		static Answer ok() {
			return new Answer(200, null, Map.of());
		}

		static Answer error(int status, String reason) {
			return new Answer(status, reason, Map.of());
		}

		Answer withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Answer(this.status, this.reason, headers);
		}

	}

}
