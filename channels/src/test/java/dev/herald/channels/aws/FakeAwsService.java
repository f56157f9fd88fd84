package dev.herald.channels.aws;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for one AWS service in one region: it receives the SDK's real HTTP request, checks its SigV4
 * signature against the one key pair it knows, refuses a bad one as AWS does, and otherwise answers from the test's
 * script. Errors come in the service's own shape ({@link Dialect}), so the SDK parses them into its real exceptions.
 */
public final class FakeAwsService implements AutoCloseable {

	public static final String ACCESS_KEY_ID = "AKIAHERALDTEST000001";

	public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYHERALDTEST";

	private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final HttpServer server;

	private final Dialect dialect;

	private final String service;

	private final String region;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private volatile Function<Request, Response> answer;

	private FakeAwsService(Dialect dialect, String service, String region) throws IOException {
		this.dialect = dialect;
		this.service = service;
		this.region = region;
		this.answer = (request) -> dialect.error(500, "InternalFailure", "the test scripted no answer");
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * A fake of {@code service} (the signing name, e.g. {@code ses}) in {@code region}, knowing the key pair
	 * {@value #ACCESS_KEY_ID} / {@link #SECRET_ACCESS_KEY}.
	 */
	public static FakeAwsService start(Dialect dialect, String service, String region) {
		try {
			return new FakeAwsService(dialect, service, region);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The fake's address, for the {@code endpoint} setting. */
	public String endpoint() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
	}

	/** Answers every correctly signed request this way from now on. */
	public void answer(Function<Request, Response> answer) {
		this.answer = answer;
	}

	public void answer(Response response) {
		answer((request) -> response);
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	public Request onlyRequest() {
		if (this.requests.size() != 1) {
			throw new AssertionError("expected exactly one request, got " + this.requests.size());
		}
		return this.requests.getFirst();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			URI uri = exchange.getRequestURI();
			Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
					Map.copyOf(exchange.getRequestHeaders()), body);
			this.requests.add(request);
			Response response = authenticate(request).orElseGet(() -> this.answer.apply(request));
			response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.getResponseHeaders().add(this.dialect.requestIdHeader(), UUID.randomUUID().toString());
			byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(response.status(), (bytes.length > 0) ? bytes.length : -1);
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
	}

	/** AWS's checks, in AWS's order; an error response for the first that fails. */
	private Optional<Response> authenticate(Request request) {
		Optional<SigV4.Authorization> parsed = SigV4.parse(request.header("Authorization"));
		if (parsed.isEmpty()) {
			return Optional.of(this.dialect.incompleteSignature());
		}
		SigV4.Authorization authorization = parsed.get();
		if (!authorization.accessKeyId().equals(ACCESS_KEY_ID)) {
			return Optional.of(this.dialect.unknownAccessKey());
		}
		String amzDate = request.header("X-Amz-Date");
		if (amzDate == null || !authorization.signedHeaders().contains("host")
				|| !authorization.signedHeaders().contains("x-amz-date")) {
			return Optional.of(this.dialect.incompleteSignature());
		}
		if (!authorization.region().equals(this.region) || !authorization.service().equals(this.service)) {
			return Optional.of(this.dialect.signatureMismatch("Credential should be scoped to a valid region and "
					+ "service, not '" + authorization.region() + "/" + authorization.service() + "'."));
		}
		try {
			Instant signedAt = Instant.from(AMZ_DATE.parse(amzDate));
			if (!amzDate.startsWith(authorization.date())
					|| Duration.between(signedAt, Instant.now()).abs().compareTo(Duration.ofMinutes(15)) > 0) {
				return Optional.of(this.dialect.signatureMismatch("Signature expired: " + amzDate
						+ " is now earlier or later than 15 minutes from the current time."));
			}
		}
		catch (DateTimeParseException ex) {
			return Optional.of(this.dialect.incompleteSignature());
		}
		String expected;
		try {
			expected = SigV4.signature(SECRET_ACCESS_KEY, authorization, request.method(), request.path(),
					request.query(), request.headers(), request.body());
		}
		catch (IllegalArgumentException ex) {
			return Optional.of(this.dialect.incompleteSignature());
		}
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				authorization.signature().getBytes(StandardCharsets.US_ASCII))) {
			return Optional.of(this.dialect.signatureMismatch("The request signature we calculated does not match "
					+ "the signature you provided. Check your AWS Secret Access Key and signing method. Consult the "
					+ "service documentation for details."));
		}
		return Optional.empty();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** One request as the fake received it. */
	public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

		/** All values of a header, joined with commas; {@code null} if absent. */
		public String header(String name) {
			return SigV4.header(this.headers, name);
		}

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		/** An {@code application/x-www-form-urlencoded} body as ordered name/value pairs. */
		public Map<String, String> form() {
			Map<String, String> form = new LinkedHashMap<>();
			for (String pair : bodyText().split("&")) {
				String[] parts = pair.split("=", 2);
				String previous = form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
						URLDecoder.decode((parts.length > 1) ? parts[1] : "", StandardCharsets.UTF_8));
				if (previous != null) {
					throw new AssertionError("form parameter " + parts[0] + " sent twice");
				}
			}
			return form;
		}

	}

	/** A scripted answer. */
	public record Response(int status, Map<String, String> headers, String body) {

		public Response withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Response(this.status, headers, this.body);
		}

	}

	/** How a service words its answers: AWS has several protocols, each with its own error shape. */
	public enum Dialect {

		/**
		 * REST-JSON (SES v2): the error code in {@code x-amzn-ErrorType}, the message in a JSON body. Unknown keys and
		 * bad signatures are refused by the front end with its own codes.
		 */
		REST_JSON {

			@Override
			public Response error(int status, String code, String message) {
				return new Response(status,
						Map.of("Content-Type", "application/json", "x-amzn-ErrorType",
								code + ":http://internal.amazon.com/coral/com.amazonaws.sesv2/"),
						"{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
			}

			@Override
			Response unknownAccessKey() {
				return error(403, "UnrecognizedClientException",
						"The security token included in the request is invalid.");
			}

			@Override
			Response signatureMismatch(String message) {
				return error(403, "InvalidSignatureException", message);
			}

			@Override
			Response incompleteSignature() {
				return error(403, "IncompleteSignatureException", "Authorization header requires 'Credential', "
						+ "'Signature' and 'SignedHeaders' parameters, and a valid 'X-Amz-Date'.");
			}

			@Override
			String requestIdHeader() {
				return "x-amzn-RequestId";
			}

		},

		/** The Query protocol (SNS): {@code <ErrorResponse><Error><Type/><Code/><Message/></Error>…}. */
		QUERY_XML {

			@Override
			public Response error(int status, String code, String message) {
				String type = (status >= 500) ? "Receiver" : "Sender";
				return new Response(status, Map.of("Content-Type", "text/xml"),
						"<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n  <Error>\n    <Type>"
								+ type + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + xml(message)
								+ "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID()
								+ "</RequestId>\n</ErrorResponse>\n");
			}

			@Override
			Response unknownAccessKey() {
				return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
			}

			@Override
			Response signatureMismatch(String message) {
				return error(403, "SignatureDoesNotMatch", message);
			}

			@Override
			Response incompleteSignature() {
				return error(400, "IncompleteSignature", "Request must contain a signature that conforms to AWS "
						+ "standards");
			}

			@Override
			String requestIdHeader() {
				return "x-amzn-RequestId";
			}

		};

		/** An error answer with this HTTP status, error code and message, worded as the service does. */
		public abstract Response error(int status, String code, String message);

		abstract Response unknownAccessKey();

		abstract Response signatureMismatch(String message);

		abstract Response incompleteSignature();

		abstract String requestIdHeader();

		static String xml(String text) {
			return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
		}

	}

}
