package dev.herald.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.herald.console.sns.SnsStandInConfiguration;
import dev.herald.db.testing.TestDatabase;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a random port over the shared test database, with the development SMTP server on a free port.
 * SNS's hosts are stood in for by a local HTTPS server ({@link SnsStandInConfiguration}). Test classes extending it
 * share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"herald.server.local.smtp-port=0", "herald.server.bootstrap.api-key=" + LocalServerIntegrationTest.API_KEY,
		"herald.server.bootstrap.admin-password=" + LocalServerIntegrationTest.ADMIN_PASSWORD,
		"herald.server.workers.idle-delay=50ms", "herald.server.local.data-directory=target/herald-local",
		// Webhooks are sent only by the context that allows local endpoints (WebhookDeliveryIntegrationTests).
		"herald.server.webhooks.enabled=false" })
@Import(SnsStandInConfiguration.class)
public abstract class LocalServerIntegrationTest {

	protected static final String API_KEY = "hk_testkey0000000000000000000000000000000001";

	protected static final String ADMIN_EMAIL = "admin@herald.local";

	protected static final String ADMIN_PASSWORD = "correct horse battery staple";

	@Value("${local.server.port}")
	protected int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabase.shared();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

	protected URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	protected HttpResponse<String> postEvent(HttpClient http, String key, String contentType, String body)
			throws Exception {
		return http.send(HttpRequest.newBuilder(uri("/api/v1/events"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", contentType)
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
