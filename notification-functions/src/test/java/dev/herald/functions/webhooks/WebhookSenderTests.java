package dev.herald.functions.webhooks;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.webhook.WebhookRepository.ClaimedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender against a real local HTTP server: what it sends, and what it will not do (SSRF care). */
class WebhookSenderTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final List<String> paths = new CopyOnWriteArrayList<>();

	private HttpServer server;

	@BeforeEach
	void server() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.paths.add(exchange.getRequestURI().getPath());
			exchange.getRequestBody().readAllBytes();
			switch (exchange.getRequestURI().getPath()) {
				case "/redirect" -> {
					exchange.getResponseHeaders().add("Location", url("/elsewhere"));
					exchange.sendResponseHeaders(307, -1);
				}
				case "/huge" -> {
					exchange.sendResponseHeaders(200, 0);
					try (OutputStream out = exchange.getResponseBody()) {
						byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
						for (int i = 0; i < 16; i++) {
							out.write(chunk);
						}
					}
					catch (java.io.IOException ex) {
						// The sender stopped reading, as it should.
					}
				}
				case "/slow" -> {
					try {
						Thread.sleep(3000);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					exchange.sendResponseHeaders(200, -1);
				}
				case "/throttled" -> {
					exchange.getResponseHeaders().add("Retry-After", "120");
					exchange.sendResponseHeaders(429, -1);
				}
				default -> exchange.sendResponseHeaders(204, -1);
			}
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void aRedirectIsNotFollowed() {
		Sent sent = sender(true).send(message(url("/redirect")), Instant.now());

		assertThat(sent).isInstanceOf(Sent.Answered.class);
		assertThat(((Sent.Answered) sent).statusCode()).isEqualTo(307);
		assertThat(this.paths).containsExactly("/redirect");
	}

	@Test
	void onlyTheStartOfAHugeAnswerIsRead() {
		Sent sent = sender(true).send(message(url("/huge")), Instant.now());

		assertThat(((Sent.Answered) sent).snippet()).hasSize(1024);
	}

	@Test
	void aSlowEndpointTimesOutAndIsToBeTriedAgain() {
		WebhookSender sender = new WebhookSender(Duration.ofSeconds(1), Duration.ofMillis(500), 1024, true,
				Clock.systemUTC());

		Sent sent = sender.send(message(url("/slow")), Instant.now());

		assertThat(sent).isInstanceOfSatisfying(Sent.NotSent.class, (notSent) -> {
			assertThat(notSent.retryable()).isTrue();
			assertThat(notSent.error()).startsWith("timed out");
		});
	}

	@Test
	void retryAfterIsRead() {
		Sent sent = sender(true).send(message(url("/throttled")), Instant.now());

		assertThat(sent).isEqualTo(new Sent.Answered(429, Duration.ofSeconds(120), ""));
	}

	@Test
	void withoutEndpointOverridesALocalEndpointIsNeverCalled() {
		Sent literal = sender(false).send(message(url("/ok").replace("http:", "https:")), Instant.now());
		Sent plainHttp = sender(false).send(message(url("/ok")), Instant.now());

		assertThat(literal).isEqualTo(new Sent.NotSent("the endpoint URL must name its host, not an IP address", false));
		assertThat(plainHttp).isEqualTo(new Sent.NotSent("the endpoint URL must be an https URL", false));
		assertThat(this.paths).isEmpty();
	}

	@Test
	void aSecretThatDidNotOpenFailsTheMessageWithoutCallingTheEndpoint() {
		ClaimedMessage unopened = new ClaimedMessage(UUID.randomUUID(), new TenantId(UUID.randomUUID()),
				UUID.randomUUID(), url("/ok"), null, null, "delivery.bounced", "{}", 1, 1, UUID.randomUUID());

		Sent sent = sender(true).send(unopened, Instant.now());

		assertThat(sent).isInstanceOfSatisfying(Sent.NotSent.class,
				(notSent) -> assertThat(notSent.retryable()).isFalse());
		assertThat(this.paths).isEmpty();
	}

	private WebhookSender sender(boolean allowPrivate) {
		return new WebhookSender(Duration.ofSeconds(2), Duration.ofSeconds(5), 1024, allowPrivate, Clock.systemUTC());
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	private static ClaimedMessage message(String url) {
		return new ClaimedMessage(UUID.randomUUID(), new TenantId(UUID.randomUUID()), UUID.randomUUID(), url, SECRET,
				null, "delivery.bounced", "{\"type\":\"delivery.bounced\"}", 1, 1, UUID.randomUUID());
	}

}
