package dev.herald.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import static dev.herald.deploy.TemplateJson.aliasId;
import static dev.herald.deploy.TemplateJson.functionId;
import static dev.herald.deploy.TemplateJson.outputs;
import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** The dead-letter replay, run by hand, and the stranded-delivery sweeper, run on a schedule. */
class MaintenanceFunctionsTests {

	private final Template template = Stacks.shipped();

	@Test
	void theSweeperRunsEveryFiveMinutesThroughItsLiveAlias() {
		Map<String, Map<String, Object>> rules = rulesInvoking("requeueStranded");
		assertThat(rules).hasSize(1);
		Map<String, Object> rule = properties(rules.values().iterator().next());
		assertThat(rule).containsEntry("ScheduleExpression", "rate(5 minutes)").containsEntry("State", "ENABLED");
		assertThat((List<?>) rule.get("Targets")).singleElement().satisfies((target) -> {
			Map<?, ?> properties = (Map<?, ?>) target;
			assertThat(properties.get("Arn")).isEqualTo(Map.of("Ref", aliasId(this.template, "requeueStranded")));
			assertThat(properties.get("RetryPolicy"))
				.isEqualTo(Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 300));
		});
		String ruleId = rules.keySet().iterator().next();
		this.template.hasResourceProperties("AWS::Lambda::Permission",
				Map.of("Action", "lambda:InvokeFunction", "Principal", "events.amazonaws.com", "FunctionName",
						Map.of("Ref", aliasId(this.template, "requeueStranded")), "SourceArn",
						Map.of("Fn::GetAtt", List.of(ruleId, "Arn"))));
	}

	@Test
	void theWebhookSenderRunsEveryMinuteThroughItsLiveAliasAndALateRunIsDropped() {
		assertThat(resources(this.template, "AWS::Events::Rule")).as("the sweeper's and the webhook sender's")
			.hasSize(2);
		Map<String, Map<String, Object>> rules = rulesInvoking("sendWebhooks");
		assertThat(rules).hasSize(1);
		Map<String, Object> rule = properties(rules.values().iterator().next());
		assertThat(rule).containsEntry("ScheduleExpression", "rate(1 minute)").containsEntry("State", "ENABLED");
		assertThat((List<?>) rule.get("Targets")).singleElement()
			.satisfies((target) -> assertThat(((Map<?, ?>) target).get("RetryPolicy"))
				.isEqualTo(Map.of("MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 60)));
		this.template.hasResourceProperties("AWS::Lambda::Permission",
				Map.of("Action", "lambda:InvokeFunction", "Principal", "events.amazonaws.com", "FunctionName",
						Map.of("Ref", aliasId(this.template, "sendWebhooks")), "SourceArn",
						Map.of("Fn::GetAtt", List.of(rules.keySet().iterator().next(), "Arn"))));
	}

	@Test
	void theWebhookSenderHasTheSealingKeyAndItsTimeoutFromTheSettings() {
		Map<String, Object> function = properties(
				resources(this.template, "AWS::Lambda::Function").get(functionId(this.template, "sendWebhooks")));
		assertThat(function).containsEntry("Timeout", 60).containsEntry("MemorySize", 512);
		assertThat(TemplateJson.render(function.get("Environment"))).contains(HeraldStack.SECRETS_KEY_SECRET_ARN)
			.contains(HeraldStack.DB_SECRET_ARN);
	}

	@Test
	void nothingButTheOperatorInvokesTheReplay() {
		String replay = functionId(this.template, "replayDeadLetters");
		String alias = aliasId(this.template, "replayDeadLetters");
		resources(this.template, "AWS::Lambda::Permission").values()
			.forEach((permission) -> assertThat(properties(permission).get("FunctionName"))
				.isNotIn(Map.of("Ref", replay), Map.of("Ref", alias)));
		resources(this.template, "AWS::Lambda::EventSourceMapping").values()
			.forEach((mapping) -> assertThat(TemplateJson.render(properties(mapping).get("FunctionName")))
				.doesNotContain(alias));
	}

	@Test
	void anOutputSaysHowToInvokeTheReplayAndWaitForItsReport() {
		assertThat(outputs(this.template)).hasEntrySatisfying("ReplayDeadLettersCommand",
				(command) -> assertThat(command)
					.isEqualTo("aws lambda invoke --region ${AWS::Region} --function-name ${"
							+ functionId(this.template, "replayDeadLetters")
							+ "}:live --cli-binary-format raw-in-base64-out --cli-read-timeout 0 "
							+ "--payload '{\"max\": 1000}' replay-report.json"));
	}

	@Test
	void theReplayStopsWellBeforeItsTimeoutOfFiveMinutesAndRunsOneAtATime() {
		Map<String, Object> replay = properties(resources(this.template).get(functionId(this.template,
				"replayDeadLetters")));
		// The function stops receiving 30 s before Lambda would stop it; one run at a time sees every dead letter once.
		assertThat(replay).containsEntry("Timeout", 300).containsEntry("ReservedConcurrentExecutions", 1);
	}

	private Map<String, Map<String, Object>> rulesInvoking(String definition) {
		Map<String, Object> alias = Map.of("Ref", aliasId(this.template, definition));
		Map<String, Map<String, Object>> rules = new java.util.LinkedHashMap<>();
		resources(this.template, "AWS::Events::Rule").forEach((id, rule) -> {
			if (((List<?>) properties(rule).get("Targets")).stream()
				.anyMatch((target) -> alias.equals(((Map<?, ?>) target).get("Arn")))) {
				rules.put(id, rule);
			}
		});
		return rules;
	}

}
