package dev.herald.e2e.lambda;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.herald.db.testing.TestDatabase;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Herald's Lambda artifact ({@code notification-functions}' shaded {@code -aws} jar): where the build puts it, how
 * each of its functions is configured, and the SNS notifications a shop's topic sends it.
 */
final class HeraldLambda {

	static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

	static final String MAIN_CLASS = "dev.herald.functions.lambda.HeraldLambdaApplication";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private HeraldLambda() {
	}

	static Path artifact() {
		return Path.of(System.getProperty("herald.lambda.jar",
				"../notification-functions/target/notification-functions-0.1.0-SNAPSHOT-aws.jar"));
	}

	static boolean built() {
		return Files.isRegularFile(artifact());
	}

	static String notBuilt() {
		return "No Lambda artifact at " + artifact().toAbsolutePath().normalize()
				+ ": notification-functions does not build its shaded -aws jar yet, so there is nothing to run";
	}

	/** One function of the artifact, chosen by {@code spring_cloud_function_definition}, e.g. {@code ingestSns}. */
	static LambdaFunction.Spec function(String name, String function, Map<String, String> environment) {
		return LambdaFunction.Spec.of(name, artifact(), HANDLER)
			.withSpringFunction(function, MAIN_CLASS)
			.withEnvironment(environment)
			.withTimeout(Duration.ofSeconds(60));
	}

	/**
	 * The variables the deployment sets (the artifact's {@code LambdaEnvironment}), pointed at the services on this
	 * machine; for what has no variable of its own, Spring's relaxed binding ({@code _} for {@code .}).
	 */
	static Map<String, String> environment(TestDatabase database, URI sqsEndpoint, String queueUrl, int smtpPort) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("HERALD_DB_URL", database.jdbcUrl());
		environment.put("HERALD_DB_USER", database.username());
		environment.put("HERALD_DB_PASSWORD", database.password());
		environment.put("HERALD_SECRETS_KEY", secretsKey());
		environment.put("HERALD_DELIVERY_QUEUE_URL", queueUrl);
		environment.put("HERALD_FUNCTIONS_SQS_ENDPOINT", sqsEndpoint.toString());
		environment.put("SPRING_MAIL_HOST", "127.0.0.1");
		environment.put("SPRING_MAIL_PORT", Integer.toString(smtpPort));
		environment.put("HERALD_CHANNELS_EMAIL_FROM", "orders@lambda-shop.example");
		return environment;
	}

	/** The sample {@code order.placed} CloudEvent with a new event id. */
	static JsonNode orderPlaced() {
		return JSON.readTree(SampleEvents.json(EventType.ORDER_PLACED, "lambda-" + UUID.randomUUID()));
	}

	/** An SNS notification of the shop's orders topic: the CloudEvent, the tenant and event type as attributes. */
	static String snsNotification(Shop shop, JsonNode event, String messageId) {
		return AwsEvents.snsEvent("herald-orders", messageId, event.toString(),
				Map.of("tenant", shop.slug(), "type", event.get("type").asString()));
	}

	private static String secretsKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
