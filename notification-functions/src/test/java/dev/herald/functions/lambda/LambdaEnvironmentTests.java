package dev.herald.functions.lambda;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Herald's environment variables and secrets becoming properties. Secrets Manager cannot run here: a fake answers
 * {@code GetSecretValue} after checking the request is the real wire format (AWS JSON 1.1, SigV4-signed).
 */
class LambdaEnvironmentTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DB_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:herald/db-AbCdEf";

	private static final String KEY_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:herald/key-GhIjKl";

	private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private final Map<String, String> secrets = Map.of(DB_SECRET,
			"{\"username\":\"herald\",\"password\":\"s3cret\",\"engine\":\"postgres\",\"host\":\"db.proxy.example\","
					+ "\"port\":5432,\"dbname\":\"herald\"}",
			KEY_SECRET, "{\"key\":\"c2VhbGluZy1rZXk=\"}");

	private HttpServer secretsManager;

	@BeforeEach
	void fakeSecretsManager() throws IOException {
		this.secretsManager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.secretsManager.createContext("/", this::answer);
		this.secretsManager.start();
		System.setProperty("aws.endpointUrlSecretsManager",
				"http://127.0.0.1:" + this.secretsManager.getAddress().getPort());
		System.setProperty("aws.region", "eu-west-1");
		System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
		System.setProperty("aws.secretAccessKey", "secret");
	}

	@AfterEach
	void stop() {
		this.secretsManager.stop(0);
		List.of("aws.endpointUrlSecretsManager", "aws.region", "aws.accessKeyId", "aws.secretAccessKey")
			.forEach(System::clearProperty);
	}

	@Test
	void plainVariablesBecomeTheDatabaseQueueAndKeyProperties() {
		Map<String, Object> properties = LambdaEnvironment.properties(Map.of("HERALD_DB_URL",
				"jdbc:postgresql://proxy:5432/herald", "HERALD_DB_USER", "herald", "HERALD_DB_PASSWORD", "pw",
				"HERALD_SECRETS_KEY", "a2V5", "HERALD_DELIVERY_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q",
				"HERALD_DELIVERY_DLQ_URL", "https://sqs.eu-west-1.amazonaws.com/1/dlq")::get,
				LogFactory.getLog(getClass()));

		assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.of("spring.datasource.url",
				"jdbc:postgresql://proxy:5432/herald", "spring.datasource.username", "herald",
				"spring.datasource.password", "pw", "herald.functions.secrets-key", "a2V5",
				"herald.functions.sqs.queue-url", "https://sqs.eu-west-1.amazonaws.com/1/q",
				"herald.functions.sqs.dead-letter-queue-url", "https://sqs.eu-west-1.amazonaws.com/1/dlq"));
		assertThat(this.requests).as("no secret named, none read").isEmpty();
	}

	@Test
	void namedSecretsAreReadFromSecretsManagerAndWinOverPlainVariables() {
		Map<String, Object> properties = LambdaEnvironment.properties(Map.of("HERALD_DB_SECRET_ARN", DB_SECRET,
				"HERALD_SECRETS_KEY_SECRET_ARN", KEY_SECRET, "HERALD_DB_PASSWORD", "stale")::get,
				LogFactory.getLog(getClass()));

		assertThat(properties).containsEntry("spring.datasource.username", "herald")
			.containsEntry("spring.datasource.password", "s3cret")
			.containsEntry("spring.datasource.url", "jdbc:postgresql://db.proxy.example:5432/herald")
			.containsEntry("herald.functions.secrets-key", "c2VhbGluZy1rZXk=");
		assertThat(this.requests).extracting((request) -> request.get("SecretId").asString())
			.containsExactly(DB_SECRET, KEY_SECRET);
	}

	@Test
	void theDatabaseUrlFromTheEnvironmentIsKeptWhenASecretGivesTheCredentials() {
		Map<String, Object> properties = LambdaEnvironment.properties(Map.of("HERALD_DB_SECRET_ARN", DB_SECRET,
				"HERALD_DB_URL", "jdbc:postgresql://rds-proxy.example:5432/herald")::get, LogFactory.getLog(getClass()));

		assertThat(properties).containsEntry("spring.datasource.url", "jdbc:postgresql://rds-proxy.example:5432/herald");
	}

	@Test
	void onlyTheLambdaApplicationGetsTheLambdaProfile() {
		SpringApplication server = new SpringApplication(Object.class);
		SpringApplication lambda = new SpringApplication(HeraldLambdaApplication.class);
		LambdaEnvironment environment = new LambdaEnvironment(org.springframework.boot.logging.DeferredLogFactory.class
			.cast((org.springframework.boot.logging.DeferredLogFactory) (destination) -> LogFactory.getLog(getClass())));

		environment.postProcessEnvironment(new StandardEnvironment(), server);
		environment.postProcessEnvironment(new StandardEnvironment(), lambda);

		assertThat(server.getAdditionalProfiles()).isEmpty();
		assertThat(lambda.getAdditionalProfiles()).containsExactly("lambda");
	}

	private void answer(HttpExchange exchange) throws IOException {
		JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
		String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String secret = this.secrets.get(body.path("SecretId").asString());
		boolean wellFormed = "POST".equals(exchange.getRequestMethod())
				&& "secretsmanager.GetSecretValue".equals(target)
				&& exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/x-amz-json-1.1")
				&& authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
				&& authorization.contains("/eu-west-1/secretsmanager/aws4_request");
		byte[] answer;
		if (wellFormed && secret != null) {
			this.requests.add(body);
			answer = JSON.createObjectNode()
				.put("ARN", body.get("SecretId").asString())
				.put("Name", "herald")
				.put("SecretString", secret)
				.put("VersionId", "v1")
				.toString()
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
			exchange.sendResponseHeaders(200, answer.length);
		}
		else {
			answer = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
			exchange.sendResponseHeaders(400, answer.length);
		}
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

}
