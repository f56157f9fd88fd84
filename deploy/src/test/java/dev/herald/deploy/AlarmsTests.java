package dev.herald.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static dev.herald.deploy.TemplateJson.functionId;
import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.render;
import static dev.herald.deploy.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** The alarms: functions' errors and throttles, dead-letter depth, providers' failure rates. */
class AlarmsTests {

	private final Template template = Stacks.shipped();

	@ParameterizedTest
	@ValueSource(strings = { "ingestSns", "ingestHttp", "deliverSqs", "replayDeadLetters", "requeueStranded",
			"sendWebhooks" })
	void errorsAboveFiveInTwoFiveMinutePeriodsRaiseAnAlarm(String definition) {
		this.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda", "MetricName",
				"Errors", "Dimensions", List.of(Map.of("Name", "FunctionName", "Value",
						Map.of("Ref", functionId(this.template, definition)))), "Statistic", "Sum", "Period", 300,
				"ComparisonOperator", "GreaterThanThreshold", "Threshold", 5, "EvaluationPeriods", 2,
				"DatapointsToAlarm", 2));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ingestSns", "ingestHttp", "deliverSqs", "replayDeadLetters", "requeueStranded",
			"sendWebhooks" })
	void throttlesInTwoFiveMinutePeriodsRaiseAnAlarm(String definition) {
		this.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda", "MetricName",
				"Throttles", "Dimensions", List.of(Map.of("Name", "FunctionName", "Value",
						Map.of("Ref", functionId(this.template, definition)))), "Statistic", "Sum", "Period", 300,
				"ComparisonOperator", "GreaterThanThreshold", "Threshold", 0, "EvaluationPeriods", 2));
	}

	@Test
	void anyMessageInAnyDeadLetterQueueRaisesAnAlarm() {
		Map<String, Map<String, Object>> depth = this.template.findResources("AWS::CloudWatch::Alarm",
				Map.of("Properties", Match.objectLike(Map.of("Namespace", "AWS/SQS", "MetricName",
						"ApproximateNumberOfMessagesVisible", "Statistic", "Maximum", "Threshold", 0,
						"ComparisonOperator", "GreaterThanThreshold", "EvaluationPeriods", 1))));
		Set<String> watched = depth.values().stream().map((alarm) -> {
			List<?> dimensions = (List<?>) properties(alarm).get("Dimensions");
			return render(((Map<?, ?>) dimensions.get(0)).get("Value")).replaceAll("^\\$\\{(.+)\\.QueueName}$", "$1");
		}).collect(Collectors.toSet());
		// Every queue but the deliveries queue itself is a dead-letter queue.
		Set<String> deadLetterQueues = resources(this.template, "AWS::SQS::Queue").keySet()
			.stream()
			.filter((queue) -> !queue.equals(DeliveryQueueTests.deliveriesQueue(this.template)))
			.collect(Collectors.toSet());
		assertThat(deadLetterQueues).hasSize(5);
		assertThat(watched).isEqualTo(deadLetterQueues);
	}

	@Test
	void moreThanFivePercentFailedDeliveriesOver15MinutesRaiseAnAlarmPerProvider() {
		Map<String, Map<String, Object>> rates = this.template.findResources("AWS::CloudWatch::Alarm",
				Map.of("Properties", Match.objectLike(Map.of("Metrics", Match.arrayWith(List.of(Match.objectLike(
						Map.of("Expression", "100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0))", "ReturnData",
								true))))))));
		Set<String> providers = rates.values().stream().map((alarm) -> {
			Map<String, Object> properties = properties(alarm);
			assertThat(properties).containsEntry("Threshold", 5)
				.containsEntry("ComparisonOperator", "GreaterThanThreshold")
				.containsEntry("EvaluationPeriods", 1)
				.containsEntry("TreatMissingData", "notBreaching");
			List<?> metrics = (List<?>) properties.get("Metrics");
			Map<String, Map<?, ?>> byId = metrics.stream()
				.map((metric) -> (Map<?, ?>) metric)
				.collect(Collectors.toMap((metric) -> (String) metric.get("Id"), (metric) -> metric));
			Map<?, ?> sent = (Map<?, ?>) byId.get("sent").get("MetricStat");
			Map<?, ?> failed = (Map<?, ?>) byId.get("failed").get("MetricStat");
			for (Map<?, ?> stat : List.of(sent, failed)) {
				assertThat(stat.get("Period")).isEqualTo(900);
				assertThat(stat.get("Stat")).isEqualTo("Sum");
				assertThat(((Map<?, ?>) stat.get("Metric")).get("Namespace")).isEqualTo("Herald");
			}
			assertThat(((Map<?, ?>) sent.get("Metric")).get("MetricName")).isEqualTo("DeliveriesSent");
			assertThat(((Map<?, ?>) failed.get("Metric")).get("MetricName")).isEqualTo("DeliveriesFailed");
			Object dimensions = ((Map<?, ?>) sent.get("Metric")).get("Dimensions");
			assertThat(((Map<?, ?>) failed.get("Metric")).get("Dimensions")).isEqualTo(dimensions);
			return ((List<?>) dimensions).stream()
				.map((dimension) -> ((Map<?, ?>) dimension).get("Name") + "=" + ((Map<?, ?>) dimension).get("Value"))
				.sorted()
				.collect(Collectors.joining(","));
		}).collect(Collectors.toSet());
		assertThat(providers).containsExactlyInAnyOrder("Channel=email,Provider=smtp", "Channel=email,Provider=ses",
				"Channel=sms,Provider=twilio", "Channel=sms,Provider=sns-sms", "Channel=push,Provider=webpush",
				"Channel=push,Provider=fcm", "Channel=push,Provider=apns", "Channel=push,Provider=sns-push");
	}

	@Test
	void everyAlarmAndItsRecoveryGoToTheAlarmTopic() {
		String topic = this.template.findResources("AWS::SNS::Topic",
				Map.of("Properties", Match.objectLike(Map.of("DisplayName", "Herald alarms"))))
			.keySet()
			.iterator()
			.next();
		Map<String, Map<String, Object>> alarms = resources(this.template, "AWS::CloudWatch::Alarm");
		assertThat(alarms).hasSize(6 * 2 + 5 + 8);
		alarms.values()
			.forEach((alarm) -> assertThat(properties(alarm))
				.containsEntry("AlarmActions", List.of(Map.of("Ref", topic)))
				.containsEntry("OKActions", List.of(Map.of("Ref", topic)))
				.containsEntry("TreatMissingData", "notBreaching"));
	}

	@Test
	void anOperatorCanSubscribeAnAddressToTheAlarms() {
		assertThat(resources(this.template, "AWS::SNS::Subscription").values())
			.noneSatisfy((subscription) -> assertThat(properties(subscription)).containsEntry("Protocol", "email"));
		Stacks.full()
			.hasResourceProperties("AWS::SNS::Subscription",
					Map.of("Protocol", "email", "Endpoint", "ops@shop.example.com"));
	}

}
