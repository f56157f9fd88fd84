package dev.herald.functions.lambda;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.db.secret.SecretBox;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.LocalSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart's invocation priming in the Lambda application, per function: the function is invoked through the
 * adapter's path and answers as Lambda would, and nothing is stored, queued or sent. And the one start-up check that
 * depends on the function: the delivery function needs the sealing key.
 */
class InvocationPrimingIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Fixtures fixtures = new Fixtures();

	private static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	private static LocalSqs.Client sqs;

	private static String queueUrl;

	@BeforeAll
	static void start() {
		smtp.start();
		sqs = LocalSqs.shared().client();
		queueUrl = LocalSqs.shared().newQueue(sqs.sqs);
		// The SDK reads its credentials from system properties, as on Lambda from the environment.
		System.setProperty("aws.accessKeyId", "x");
		System.setProperty("aws.secretAccessKey", "x");
	}

	@AfterAll
	static void stop() {
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
		sqs.close();
		smtp.stop();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ingestSns  | /records              | []
			deliverSqs | /batchItemFailures    | []
			ingestHttp | /statusCode           | 401
			providerStatusSns | /records       | []
			""")
	void theFunctionIsInvokedWithAHarmlessEventAndNothingIsStoredQueuedOrSent(String function, String pointer,
			String expected) {
		long events = count("events");
		long rejected = count("rejected_events");
		long deliveries = count("deliveries");
		try (ConfigurableApplicationContext context = lambdaApplication(function)) {
			Optional<String> answer = context.getBean(InvocationPriming.class).prime();

			assertThat(answer).as("the function's answer, as Lambda returns it").hasValueSatisfying((json) -> {
				JsonNode node = JSON.readTree(json);
				assertThat(node.at(pointer).toString()).isEqualTo(expected);
			});
		}
		assertThat(count("events")).isEqualTo(events);
		assertThat(count("rejected_events")).isEqualTo(rejected);
		assertThat(count("deliveries")).isEqualTo(deliveries);
		assertThat(sqs.sqs.receiveMessage((request) -> request.queueUrl(queueUrl).maxNumberOfMessages(10)).messages())
			.as("nothing queued").isEmpty();
		assertThat(smtp.getReceivedMessages()).as("nothing sent").isEmpty();
	}

	@org.junit.jupiter.api.Test
	void theDeliveryFunctionRefusesToStartWithoutTheSecretsKey() {
		org.assertj.core.api.Assertions.assertThatException()
			.isThrownBy(() -> lambdaApplication("deliverSqs", false).close())
			.withStackTraceContaining("deliverSqs opens providers' credentials: set HERALD_SECRETS_KEY_SECRET_ARN");
	}

	@org.junit.jupiter.api.Test
	void theWebhookFunctionIsNotInvokedWhilePrimingSoNoMessageIsClaimedOrSent() {
		long attempts = count("webhook_attempts");
		try (ConfigurableApplicationContext context = lambdaApplication("sendWebhooks")) {
			assertThat(context.getBean(InvocationPriming.class).prime()).isEmpty();
		}
		assertThat(count("webhook_attempts")).as("no webhook message tried").isEqualTo(attempts);
	}

	@org.junit.jupiter.api.Test
	void theWebhookFunctionRefusesToStartWithoutTheSecretsKey() {
		org.assertj.core.api.Assertions.assertThatException()
			.isThrownBy(() -> lambdaApplication("sendWebhooks", false).close())
			.withStackTraceContaining("sendWebhooks opens endpoints' signing secrets: set HERALD_SECRETS_KEY_SECRET_ARN");
	}

	private static long count(String table) {
		return fixtures.database.jdbcClient().sql("select count(*) from " + table).query(Long.class).single();
	}

	/** The application as FunctionInvoker starts it on Lambda, for one function definition. */
	private static ConfigurableApplicationContext lambdaApplication(String function) {
		return lambdaApplication(function, true);
	}

	private static ConfigurableApplicationContext lambdaApplication(String function, boolean secretsKey) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "lambda");
		properties.put("spring.cloud.function.definition", function);
		properties.put("spring.datasource.url", fixtures.database.jdbcUrl());
		properties.put("spring.datasource.username", fixtures.database.username());
		properties.put("spring.datasource.password", fixtures.database.password());
		properties.put("herald.functions.sqs.queue-url", queueUrl);
		properties.put("herald.functions.sqs.endpoint", LocalSqs.shared().endpoint().toString());
		properties.put("herald.functions.sqs.region", "eu-west-1");
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", String.valueOf(smtp.getSmtp().getPort()));
		if (secretsKey) {
			properties.put("herald.functions.secrets-key", SecretBox.generateKey());
		}
		return new SpringApplicationBuilder(HeraldLambdaApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

}
