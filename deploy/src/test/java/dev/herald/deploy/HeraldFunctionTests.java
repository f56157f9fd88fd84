package dev.herald.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static dev.herald.deploy.TemplateJson.aliasId;
import static dev.herald.deploy.TemplateJson.functionId;
import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.render;
import static dev.herald.deploy.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** The three Lambda functions: runtime, handler, configuration, SnapStart and the alias everything invokes. */
class HeraldFunctionTests {

	private final Template template = Stacks.shipped();

	@ParameterizedTest(name = "{0}: {1} MB, {2} s, {3} reserved")
	@CsvSource({ "ingestSns, 512, 30, 20", "ingestHttp, 512, 30, 10", "deliverSqs, 1024, 60, 20",
			"replayDeadLetters, 512, 300, 1", "requeueStranded, 512, 60, 1" })
	void eachFunctionRunsOneDefinitionOfTheSharedArtifactOnJava25(String definition, int memory, int timeout,
			int reserved) {
		Map<String, Object> function = properties(resources(this.template).get(functionId(this.template, definition)));
		assertThat(function).containsEntry("Runtime", "java25")
			.containsEntry("Handler", "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest")
			.containsEntry("MemorySize", memory)
			.containsEntry("Timeout", timeout)
			.containsEntry("ReservedConcurrentExecutions", reserved)
			.containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
		assertThat(variables(definition)).containsEntry("spring_cloud_function_definition", definition)
			.containsEntry("MAIN_CLASS", "dev.herald.functions.lambda.HeraldLambdaApplication")
			.hasEntrySatisfying("JAVA_TOOL_OPTIONS",
					(options) -> assertThat(options).contains("--enable-native-access=ALL-UNNAMED"));
	}

	@Test
	void allFunctionsRunTheSameArtifact() {
		List<Object> code = resources(this.template, "AWS::Lambda::Function").values()
			.stream()
			.map((function) -> properties(function).get("Code"))
			.distinct()
			.toList();
		assertThat(code).hasSize(1);
		assertThat(render(((Map<?, ?>) code.get(0)).get("S3Key"))).endsWith(".jar");
	}

	@ParameterizedTest
	@CsvSource({ "ingestSns", "ingestHttp", "deliverSqs", "replayDeadLetters", "requeueStranded" })
	void snapStartVersionIsWhatTheLiveAliasServes(String definition) {
		String function = functionId(this.template, definition);
		String version = TemplateJson.onlyId(this.template, "AWS::Lambda::Version",
				Map.of("FunctionName", Map.of("Ref", function)));
		this.template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live", "FunctionName",
				Map.of("Ref", function), "FunctionVersion", Map.of("Fn::GetAtt", List.of(version, "Version"))));
	}

	@Test
	void everyEventSourceInvokesTheAliasNeverLatest() {
		String ingest = aliasId(this.template, "ingestSns");
		String ingestHttp = aliasId(this.template, "ingestHttp");
		String sweep = aliasId(this.template, "requeueStranded");
		String webhooks = aliasId(this.template, "sendWebhooks");
		resources(this.template, "AWS::SNS::Subscription").values()
			.forEach((subscription) -> assertThat(properties(subscription)).containsEntry("Endpoint",
					Map.of("Ref", ingest)));
		resources(this.template, "AWS::Lambda::Permission").values().forEach((permission) -> {
			Map<String, Object> properties = properties(permission);
			List<Object> expected = switch ((String) properties.get("Principal")) {
				case "apigateway.amazonaws.com" -> List.of(Map.of("Ref", ingestHttp));
				case "events.amazonaws.com" -> List.of(Map.of("Ref", sweep), Map.of("Ref", webhooks));
				default -> List.of(Map.of("Ref", ingest));
			};
			assertThat(properties.get("FunctionName")).isIn(expected);
		});
		Map<String, Map<String, Object>> mappings = resources(this.template, "AWS::Lambda::EventSourceMapping");
		assertThat(mappings).hasSize(1);
		assertThat(render(properties(mappings.values().iterator().next()).get("FunctionName"))).endsWith(":live")
			.contains(aliasId(this.template, "deliverSqs"));
	}

	@ParameterizedTest
	@CsvSource({ "ingestSns", "ingestHttp", "deliverSqs" })
	void functionsFindTheDatabaseTheQueueAndTheirSecretsInTheEnvironment(String definition) {
		Map<String, String> variables = variables(definition);
		// The proxy, never the database host from the RDS secret: the URL variable keeps the functions from using it.
		assertThat(variables).containsEntry("HERALD_DB_URL",
				"jdbc:postgresql://herald.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com:5432/herald?sslmode=require")
			.containsEntry("HERALD_DB_SECRET_ARN", Stacks.DATABASE_SECRET)
			.containsEntry("HERALD_CHANNELS_LOCAL_ENABLED", "false")
			.containsEntry("HERALD_FUNCTIONS_ALLOWINSTANCECREDENTIALS", "false")
			.doesNotContainKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD", "HERALD_SECRETS_KEY");
		String queue = TemplateJson.onlyId(this.template, "AWS::SQS::Queue",
				Map.of("RedrivePolicy", Match.objectLike(Map.of())));
		assertThat(variables).containsEntry("HERALD_DELIVERY_QUEUE_URL", "${" + queue + "}");
		String secret = resources(this.template, "AWS::SecretsManager::Secret").keySet().iterator().next();
		assertThat(variables).containsEntry("HERALD_SECRETS_KEY_SECRET_ARN", "${" + secret + "}");
	}

	@ParameterizedTest
	@CsvSource({ "replayDeadLetters", "requeueStranded" })
	void maintenanceFunctionsFindTheDatabaseAndTheQueueButNoSealingKey(String definition) {
		Map<String, String> variables = variables(definition);
		String queue = TemplateJson.onlyId(this.template, "AWS::SQS::Queue",
				Map.of("RedrivePolicy", Match.objectLike(Map.of())));
		assertThat(variables).containsEntry("HERALD_DB_URL",
				"jdbc:postgresql://herald.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com:5432/herald?sslmode=require")
			.containsEntry("HERALD_DB_SECRET_ARN", Stacks.DATABASE_SECRET)
			.containsEntry("HERALD_DELIVERY_QUEUE_URL", "${" + queue + "}")
			.doesNotContainKeys("HERALD_SECRETS_KEY_SECRET_ARN", "HERALD_SECRETS_KEY",
					"HERALD_FUNCTIONS_ALLOWINSTANCECREDENTIALS");
	}

	@Test
	void onlyTheReplayIsToldWhereTheDeadLetterQueueIs() {
		String deadLetters = DeliveryQueueTests.deliveriesDeadLetterQueue(this.template);
		assertThat(variables("replayDeadLetters")).containsEntry("HERALD_DELIVERY_DLQ_URL", "${" + deadLetters + "}");
		for (String other : List.of("ingestSns", "ingestHttp", "deliverSqs", "requeueStranded")) {
			assertThat(variables(other)).doesNotContainKey("HERALD_DELIVERY_DLQ_URL");
		}
	}

	@Test
	void functionsUseAnExistingSealingKeyWhenGivenOne() {
		assertThat(resources(Stacks.full(), "AWS::SecretsManager::Secret")).isEmpty();
		for (String definition : List.of("ingestSns", "ingestHttp", "deliverSqs")) {
			Map<String, Object> function = properties(resources(Stacks.full()).get(functionId(Stacks.full(), definition)));
			Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) function.get("Environment")).get("Variables");
			assertThat(variables.get("HERALD_SECRETS_KEY_SECRET_ARN")).isEqualTo(Stacks.EXISTING_SEALING_KEY);
			assertThat(variables.get("HERALD_FUNCTIONS_ALLOWINSTANCECREDENTIALS")).isEqualTo("true");
		}
	}

	@Test
	void generatedSealingKeyIsBase64Of32BytesAndOutlivesTheStack() {
		this.template.hasResource("AWS::SecretsManager::Secret", Map.of("DeletionPolicy", "Retain", "Properties",
				Match.objectLike(Map.of("GenerateSecretString", Map.of("PasswordLength", 43, "ExcludePunctuation", true,
						"IncludeSpace", false)))));
		// The form it takes: 43 letters and digits decode, unpadded, to exactly the 32 bytes of an AES-256 key.
		byte[] key = java.util.Base64.getDecoder().decode("Zz9aAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abc");
		assertThat(key).hasSize(32);
	}

	@Test
	void ingestRetriesFailedSnsInvocationsTwiceThenKeepsThemInADeadLetterQueue() {
		String function = functionId(this.template, "ingestSns");
		Map<String, Object> properties = properties(resources(this.template).get(function));
		String deadLetters = render(((Map<?, ?>) properties.get("DeadLetterConfig")).get("TargetArn"));
		assertThat(deadLetters).startsWith("${IngestFailures");
		Map<String, Map<String, Object>> configs = resources(this.template, "AWS::Lambda::EventInvokeConfig");
		assertThat(configs).hasSize(1);
		Map<String, Object> config = properties(configs.values().iterator().next());
		assertThat(config).containsEntry("MaximumRetryAttempts", 2)
			.containsEntry("FunctionName", Map.of("Ref", function));
		// The qualifier is the alias SNS invokes, not $LATEST.
		assertThat(config.get("Qualifier").toString()).contains(aliasId(this.template, "ingestSns"));
		for (String synchronous : List.of("ingestHttp", "deliverSqs", "replayDeadLetters", "requeueStranded")) {
			assertThat(properties(resources(this.template).get(functionId(this.template, synchronous))))
				.doesNotContainKey("DeadLetterConfig");
		}
	}

	@ParameterizedTest
	@CsvSource({ "ingestSns", "ingestHttp", "deliverSqs", "replayDeadLetters", "requeueStranded" })
	void eachFunctionLogsToItsOwnRetainedLogGroup(String definition) {
		Map<String, Object> function = properties(resources(this.template).get(functionId(this.template, definition)));
		String logGroup = render(((Map<?, ?>) function.get("LoggingConfig")).get("LogGroup"))
			.replaceAll("^\\$\\{(.+)}$", "$1");
		Map<String, Object> resource = resources(this.template).get(logGroup);
		assertThat(resource).containsEntry("Type", "AWS::Logs::LogGroup").containsEntry("DeletionPolicy", "Retain");
		assertThat(properties(resource)).containsEntry("RetentionInDays", 30);
	}

	@Test
	void deliverTimeoutComesFromTheSettings() {
		Map<String, Object> deliver = properties(resources(Stacks.full()).get(functionId(Stacks.full(), "deliverSqs")));
		assertThat(deliver).containsEntry("Timeout", 120);
	}

	@SuppressWarnings("unchecked")
	private Map<String, String> variables(String definition) {
		Map<String, Object> function = properties(resources(this.template).get(functionId(this.template, definition)));
		Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) function.get("Environment"))
			.get("Variables");
		return variables.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, (entry) -> render(entry.getValue())));
	}

}
