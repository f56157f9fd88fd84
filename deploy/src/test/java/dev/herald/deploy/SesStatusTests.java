package dev.herald.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import dev.herald.deploy.HeraldSettings.SesStatusSettings;
import dev.herald.deploy.TemplateJson.Statement;

import static dev.herald.deploy.TemplateJson.attachedRoles;
import static dev.herald.deploy.TemplateJson.functionId;
import static dev.herald.deploy.TemplateJson.outputs;
import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.render;
import static dev.herald.deploy.TemplateJson.resources;
import static dev.herald.deploy.TemplateJson.roleId;
import static dev.herald.deploy.TemplateJson.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * SES event publishing per tenant ({@code sesStatus.tenants}): each tenant's configuration set publishes the status
 * events to the tenant's own topic, which only that configuration set may publish to and which feeds
 * {@code providerStatusSns}, told which tenant each topic carries.
 */
class SesStatusTests {

	private static final String DEFINITION = "providerStatusSns";

	private final Template template = Stacks.sesStatus();

	@Test
	void theShippedStackHasNoSesEventPublishingWithoutTenants() {
		assertThat(resources(Stacks.shipped(), "AWS::SES::ConfigurationSet")).isEmpty();
		assertThat(Stacks.shipped().findResources("AWS::Lambda::Function", Map.of("Properties", Match.objectLike(
				Map.of("Environment", Map.of("Variables", Match.objectLike(
						Map.of(HeraldFunction.DEFINITION_VARIABLE, DEFINITION)))))))).isEmpty();
	}

	@Test
	void eachTenantsConfigurationSetPublishesTheStatusEventsToItsOwnTopic() {
		assertThat(resources(this.template, "AWS::SES::ConfigurationSet")).hasSize(2);
		Map<String, Map<String, Object>> destinations = resources(this.template,
				"AWS::SES::ConfigurationSetEventDestination");
		assertThat(destinations).hasSize(2);
		Set<String> sets = new HashSet<>();
		Set<String> topics = new HashSet<>();
		destinations.values().forEach((resource) -> {
			Map<String, Object> properties = properties(resource);
			sets.add(render(properties.get("ConfigurationSetName")));
			Map<?, ?> destination = (Map<?, ?>) properties.get("EventDestination");
			assertThat(destination.get("Enabled")).isEqualTo(true);
			assertThat(TemplateJson.strings(destination.get("MatchingEventTypes"))).containsExactlyInAnyOrder("delivery",
					"bounce", "complaint", "reject", "deliveryDelay", "open", "click", "renderingFailure");
			topics.add(render(((Map<?, ?>) destination.get("SnsDestination")).get("TopicARN")));
		});
		assertThat(sets).hasSize(2);
		assertThat(topics).hasSize(2).allSatisfy((topic) -> assertThat(topic).matches("\\$\\{SesEvents\\w+Topic\\w+}"));
	}

	@Test
	void onlyItsOwnConfigurationSetInThisAccountMayPublishToATenantsTopic() {
		List<Statement> sesPublishes = statements(this.template).stream()
			.filter((statement) -> statement.resourceType().equals("AWS::SNS::TopicPolicy"))
			.filter(Statement::allows)
			.toList();
		assertThat(sesPublishes).hasSize(2).allSatisfy((statement) -> {
			assertThat(statement.principal()).isEqualTo("Service=ses.amazonaws.com");
			assertThat(statement.actions()).containsExactly("sns:Publish");
			List<String> topic = TemplateJson.strings(properties(resources(this.template).get(statement.resourceId())).get("Topics"));
			assertThat(statement.resources()).isEqualTo(topic);
			Map<?, ?> condition = (Map<?, ?>) ((Map<?, ?>) statement.json().get("Condition")).get("StringEquals");
			assertThat(render(condition.get("AWS:SourceAccount"))).isEqualTo("${AWS::AccountId}");
			String source = render(condition.get("AWS:SourceArn"));
			assertThat(source).matches(
					"arn:\\$\\{AWS::Partition}:ses:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:configuration-set/"
							+ "\\$\\{SesEvents\\w+ConfigurationSet\\w+}");
			// The configuration set allowed is the one whose events go to this topic.
			String configurationSet = source.replaceAll(".*/\\$\\{(.+)}$", "$1");
			assertThat(resources(this.template, "AWS::SES::ConfigurationSetEventDestination").values())
				.anySatisfy((destination) -> {
					Map<String, Object> properties = properties(destination);
					assertThat(render(properties.get("ConfigurationSetName"))).isEqualTo("${" + configurationSet + "}");
					assertThat(render(((Map<?, ?>) ((Map<?, ?>) properties.get("EventDestination"))
						.get("SnsDestination")).get("TopicARN"))).isEqualTo(statement.resources().getFirst());
				});
		});
	}

	@Test
	void eachTopicFeedsTheStatusAliasUnfilteredThroughItsOwnDeadLetterQueue() {
		String alias = TemplateJson.aliasId(this.template, DEFINITION);
		Map<String, Map<String, Object>> subscriptions = this.template.findResources("AWS::SNS::Subscription",
				Map.of("Properties", Match.objectLike(Map.of("Endpoint", Map.of("Ref", alias)))));
		assertThat(subscriptions).hasSize(2);
		Set<String> deadLetterQueues = new HashSet<>();
		subscriptions.values().forEach((subscription) -> {
			Map<String, Object> properties = properties(subscription);
			assertThat(properties).containsEntry("Protocol", "lambda").doesNotContainKey("FilterPolicy");
			assertThat(render(properties.get("TopicArn"))).matches("\\$\\{SesEvents\\w+Topic\\w+}");
			deadLetterQueues.add(render(((Map<?, ?>) properties.get("RedrivePolicy")).get("deadLetterTargetArn")));
		});
		assertThat(deadLetterQueues).hasSize(2);
	}

	@Test
	void theFunctionIsToldWhichTenantEachTopicCarries() {
		Map<String, Object> function = properties(resources(this.template).get(functionId(this.template, DEFINITION)));
		Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) function.get("Environment")).get("Variables");
		String mappings = render(variables.get(HeraldStack.SES_TOPICS));
		assertThat(mappings).matches("\\$\\{SesEventsAcmeTopic\\w+}=acme,\\$\\{SesEventsGlobexShopTopic\\w+}=globex-shop");
		// Only the database: no sealing key (it opens no provider's credentials) and no sending.
		assertThat(variables.keySet().stream().map(String::valueOf)).doesNotContain(HeraldStack.SECRETS_KEY_SECRET_ARN,
				HeraldStack.INSTANCE_CREDENTIALS);
		assertThat(function).containsKey("DeadLetterConfig");
	}

	@Test
	void theFunctionMayReadTheDatabaseSecretAndWriteItsDeadLettersAndNothingElse() {
		String role = roleId(this.template, DEFINITION);
		List<Statement> granted = statements(this.template).stream()
			.filter((statement) -> statement.resourceType().equals("AWS::IAM::Policy"))
			.filter((statement) -> attachedRoles(this.template, statement.resourceId()).contains(role))
			.toList();
		Set<String> actions = granted.stream()
			.flatMap((statement) -> statement.actions().stream())
			.collect(Collectors.toSet());
		assertThat(actions).noneMatch((action) -> action.startsWith("ses:") || action.startsWith("sns:")
				|| action.equals("sqs:ReceiveMessage") || action.startsWith("kms:"));
		assertThat(granted).filteredOn((statement) -> statement.actions().contains("secretsmanager:GetSecretValue"))
			.singleElement()
			.satisfies((statement) -> assertThat(statement.resources()).containsExactly(Stacks.DATABASE_SECRET));
		String failures = resources(this.template, "AWS::SQS::Queue").keySet()
			.stream()
			.filter((queue) -> queue.startsWith("ProviderStatusFailures"))
			.findFirst()
			.orElseThrow();
		assertThat(granted).filteredOn((statement) -> statement.actions().contains("sqs:SendMessage"))
			.singleElement()
			.satisfies((statement) -> assertThat(statement.resources()).containsExactly("${" + failures + ".Arn}"));
	}

	@Test
	void theFunctionsErrorsAndThrottlesAndEveryNewDeadLetterQueueRaiseAlarms() {
		String function = functionId(this.template, DEFINITION);
		for (String metric : List.of("Errors", "Throttles")) {
			this.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda",
					"MetricName", metric, "Dimensions",
					List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", function)))));
		}
		Set<String> watched = this.template
			.findResources("AWS::CloudWatch::Alarm",
					Map.of("Properties", Match.objectLike(Map.of("MetricName", "ApproximateNumberOfMessagesVisible"))))
			.values()
			.stream()
			.map((alarm) -> render(((Map<?, ?>) ((List<?>) properties(alarm).get("Dimensions")).get(0)).get("Value"))
				.replaceAll("^\\$\\{(.+)\\.QueueName}$", "$1"))
			.collect(Collectors.toSet());
		Set<String> queues = resources(this.template, "AWS::SQS::Queue").keySet()
			.stream()
			.filter((queue) -> queue.startsWith("ProviderStatusFailures") || queue.startsWith("SesEvents"))
			.collect(Collectors.toSet());
		assertThat(queues).hasSize(3);
		assertThat(watched).containsAll(queues);
	}

	@Test
	void eachTenantsConfigurationSetNameIsAnOutputForItsSesProviderSettings() {
		Map<String, String> outputs = outputs(this.template);
		assertThat(outputs.get("SesConfigurationSetAcme")).matches("\\$\\{SesEventsAcmeConfigurationSet\\w+}");
		assertThat(outputs.get("SesConfigurationSetGlobexShop"))
			.matches("\\$\\{SesEventsGlobexShopConfigurationSet\\w+}");
	}

	@Test
	void cdkFindsNothingToValidateOrWarnAbout() throws Exception {
		Path outdir = Stacks.OUTDIRS.get(this.template);
		Path report = outdir.resolve("validation-report.json");
		if (Files.exists(report)) {
			List<?> plugins = (List<?>) new ObjectMapper().readValue(report.toFile(), Map.class).get("pluginReports");
			assertThat(plugins).allSatisfy((plugin) -> {
				assertThat(((Map<?, ?>) plugin).get("conclusion")).isEqualTo("success");
				assertThat((List<?>) ((Map<?, ?>) plugin).get("violations")).isEmpty();
			});
		}
		Map<?, ?> metadata = new ObjectMapper().readValue(outdir.resolve("Herald.metadata.json").toFile(), Map.class);
		List<String> messages = metadata.entrySet()
			.stream()
			.flatMap((entry) -> ((List<?>) entry.getValue()).stream()
				.map((each) -> (Map<?, ?>) each)
				.filter((each) -> String.valueOf(each.get("type")).matches("aws:cdk:(warning|error)"))
				.map((each) -> entry.getKey() + ": " + each.get("data")))
			.toList();
		assertThat(messages).isEmpty();
	}

	@Test
	void tenantsMustBeSlugsListedOnce() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SesStatusSettings(List.of("Acme Shop")))
			.withMessageContaining("slugs");
		assertThatIllegalArgumentException().isThrownBy(() -> new SesStatusSettings(List.of("acme", "acme")))
			.withMessageContaining("twice");
	}

}
