package dev.herald.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static dev.herald.deploy.TemplateJson.functionId;
import static dev.herald.deploy.TemplateJson.onlyId;
import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.render;
import static dev.herald.deploy.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** The deliveries queue between ingest and deliver, and how Lambda polls it. */
class DeliveryQueueTests {

	@Test
	void visibilityTimeoutIsAtLeastSixTimesTheDeliverTimeout() {
		for (Template template : List.of(Stacks.shipped(), Stacks.full())) {
			int timeout = (int) properties(resources(template).get(functionId(template, "deliverSqs"))).get("Timeout");
			int visibility = (int) properties(resources(template).get(deliveriesQueue(template)))
				.get("VisibilityTimeout");
			assertThat(visibility).isGreaterThanOrEqualTo(6 * timeout);
		}
		// 6 × 60 s, and 6 × 120 s plus the 5 s batching window.
		assertThat(properties(resources(Stacks.shipped()).get(deliveriesQueue(Stacks.shipped()))))
			.containsEntry("VisibilityTimeout", 360);
		assertThat(properties(resources(Stacks.full()).get(deliveriesQueue(Stacks.full()))))
			.containsEntry("VisibilityTimeout", 725);
	}

	@Test
	void messagesReceivedFiveTimesGoToTheDeadLetterQueue() {
		Template template = Stacks.shipped();
		Map<?, ?> redrive = (Map<?, ?>) properties(resources(template).get(deliveriesQueue(template)))
			.get("RedrivePolicy");
		assertThat((int) redrive.get("maxReceiveCount")).isGreaterThanOrEqualTo(5);
		String deadLetters = render(redrive.get("deadLetterTargetArn")).replaceAll("^\\$\\{(.+)\\.Arn}$", "$1");
		assertThat(resources(template).get(deadLetters)).containsEntry("Type", "AWS::SQS::Queue");
	}

	@Test
	void everyQueueKeepsMessagesFourteenDaysEncryptedAndOnlyOverTls() {
		for (Template template : Stacks.all().values()) {
			Map<String, Map<String, Object>> queues = resources(template, "AWS::SQS::Queue");
			assertThat(queues).hasSize(6); // deliveries, its DLQ, ingest failures, three subscription DLQs
			queues.forEach((id, queue) -> {
				assertThat(properties(queue)).containsEntry("MessageRetentionPeriod", 14 * 24 * 3600)
					.containsEntry("SqsManagedSseEnabled", true);
				template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("Queues", List.of(Map.of("Ref", id)),
						"PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect",
								"Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
			});
		}
	}

	@Test
	void deliverReportsFailedRecordsOnlyInBatchesOfTheConfiguredSize() {
		Template template = Stacks.shipped();
		template.hasResourceProperties("AWS::Lambda::EventSourceMapping",
				Map.of("EventSourceArn", Map.of("Fn::GetAtt", List.of(deliveriesQueue(template), "Arn")),
						"FunctionResponseTypes", List.of("ReportBatchItemFailures"), "BatchSize", 10, "ScalingConfig",
						Map.of("MaximumConcurrency", 10)));
		Stacks.full()
			.hasResourceProperties("AWS::Lambda::EventSourceMapping",
					Map.of("FunctionResponseTypes", List.of("ReportBatchItemFailures"), "BatchSize", 50,
							"MaximumBatchingWindowInSeconds", 5));
	}

	@Test
	void deliverAloneReceivesFromTheDeliveriesQueueAndTheReplayAloneFromItsDeadLetterQueue() {
		Template template = Stacks.shipped();
		Map<String, String> consumers = new java.util.HashMap<>();
		TemplateJson.statements(template)
			.stream()
			.filter((statement) -> statement.actions().contains("sqs:ReceiveMessage"))
			.forEach((statement) -> {
				assertThat(statement.resources()).hasSize(1);
				assertThat(TemplateJson.attachedRoles(template, statement.resourceId())).hasSize(1);
				consumers.put(statement.resources().getFirst(),
						TemplateJson.attachedRoles(template, statement.resourceId()).getFirst());
			});
		assertThat(consumers).containsOnly(
				Map.entry("${" + deliveriesQueue(template) + ".Arn}", TemplateJson.roleId(template, "deliverSqs")),
				Map.entry("${" + deliveriesDeadLetterQueue(template) + ".Arn}",
						TemplateJson.roleId(template, "replayDeadLetters")));
	}

	static String deliveriesQueue(Template template) {
		return onlyId(template, "AWS::SQS::Queue", Map.of("RedrivePolicy", Match.objectLike(Map.of())));
	}

	/** The dead-letter queue of the deliveries queue, by its redrive policy. */
	static String deliveriesDeadLetterQueue(Template template) {
		Map<?, ?> redrive = (Map<?, ?>) properties(resources(template).get(deliveriesQueue(template)))
			.get("RedrivePolicy");
		return render(redrive.get("deadLetterTargetArn")).replaceAll("^\\$\\{(.+)\\.Arn}$", "$1");
	}

}
