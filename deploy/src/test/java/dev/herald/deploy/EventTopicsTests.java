package dev.herald.deploy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import dev.herald.events.EventType;

import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.render;
import static dev.herald.deploy.TemplateJson.resources;
import static dev.herald.deploy.TemplateJson.statements;
import static org.assertj.core.api.Assertions.assertThat;

/** The shops' topics and their subscriptions to the ingest function. */
class EventTopicsTests {

	private final Template template = Stacks.shipped();

	@Test
	void everyTopicSignsWithSignatureVersion2() {
		Map<String, Map<String, Object>> topics = resources(this.template, "AWS::SNS::Topic");
		assertThat(topics).hasSize(4); // orders, payments, shipping, alarms
		topics.values().forEach((topic) -> assertThat(properties(topic)).containsEntry("SignatureVersion", "2"));
	}

	@Test
	void eachTopicFeedsTheIngestAliasThroughItsOwnDeadLetterQueue() {
		String alias = TemplateJson.aliasId(this.template, "ingestSns");
		Map<String, Map<String, Object>> subscriptions = resources(this.template, "AWS::SNS::Subscription");
		assertThat(subscriptions).hasSize(3);
		Set<String> deadLetterQueues = new HashSet<>();
		Set<String> topics = new HashSet<>();
		subscriptions.values().forEach((subscription) -> {
			Map<String, Object> properties = properties(subscription);
			assertThat(properties).containsEntry("Protocol", "lambda").containsEntry("Endpoint", Map.of("Ref", alias));
			String deadLetters = render(((Map<?, ?>) properties.get("RedrivePolicy")).get("deadLetterTargetArn"));
			String topic = render(properties.get("TopicArn"));
			deadLetterQueues.add(deadLetters);
			topics.add(topic);
			// SNS may write to the queue only for this subscription's own topic.
			String queue = deadLetters.replaceAll("^\\$\\{(.+)\\.Arn}$", "$1");
			assertThat(statements(this.template)).anySatisfy((statement) -> {
				assertThat(statement.resourceType()).isEqualTo("AWS::SQS::QueuePolicy");
				assertThat(statement.allows()).isTrue();
				assertThat(statement.json()).containsEntry("Principal", Map.of("Service", "sns.amazonaws.com"))
					.containsEntry("Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Ref",
							topic.replaceAll("^\\$\\{(.+)}$", "$1")))));
				assertThat(statement.actions()).containsExactly("sqs:SendMessage");
				assertThat(statement.resources()).containsExactly("${" + queue + ".Arn}");
			});
		});
		assertThat(deadLetterQueues).hasSize(3);
		assertThat(topics).hasSize(3);
	}

	@Test
	void filterPoliciesListTheExactEventTypesOfEachTopic() {
		assertThat(filterPolicies()).containsExactlyInAnyOrderEntriesOf(Map.of(
				"orders", List.of("order.placed", "order.cancelled"),
				"payments", List.of("payment.succeeded", "payment.failed", "payment.refunded"),
				"shipping", List.of("shipment.dispatched", "shipment.out_for_delivery", "shipment.delivered")));
	}

	@Test
	void everyEventTypeHeraldAcceptsReachesIngestThroughExactlyOneTopic() {
		List<String> routed = filterPolicies().values().stream().flatMap(List::stream).toList();
		Set<String> accepted = Arrays.stream(EventType.values())
			.map(EventType::wireName)
			.collect(Collectors.toSet());
		assertThat(routed).doesNotHaveDuplicates();
		assertThat(Set.copyOf(routed)).isEqualTo(accepted);
	}

	@Test
	void topicsRefusePublishingWithoutTls() {
		for (String topic : resources(this.template, "AWS::SNS::Topic").keySet()) {
			if (topic.startsWith("Alarms")) {
				continue; // CloudWatch publishes there with the topic's default policy.
			}
			this.template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("Topics",
					List.of(Map.of("Ref", topic)), "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
							Match.objectLike(Map.of("Effect", "Deny", "Action", "sns:Publish", "Condition",
									Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
		}
	}

	@Test
	void shippedTopicsAreUnencryptedAndOpenOnlyToTheAccount() {
		resources(this.template, "AWS::SNS::Topic")
			.values()
			.forEach((topic) -> assertThat(properties(topic)).doesNotContainKey("KmsMasterKeyId"));
		assertThat(statements(this.template)).noneSatisfy((statement) -> {
			assertThat(statement.resourceType()).isEqualTo("AWS::SNS::TopicPolicy");
			assertThat(statement.allows()).isTrue();
		});
	}

	@Test
	void topicsCanBeEncryptedAndOpenedToShopsAccounts() {
		Template full = Stacks.full();
		Map<String, Map<String, Object>> eventTopics = resources(full, "AWS::SNS::Topic");
		eventTopics.remove(eventTopics.keySet().stream().filter((id) -> id.startsWith("Alarms")).findFirst().get());
		assertThat(eventTopics).hasSize(3);
		eventTopics.forEach((id, topic) -> {
			assertThat(render(properties(topic).get("KmsMasterKeyId"))).endsWith("alias/aws/sns");
			for (String account : List.of("111122223333", "444455556666")) {
				assertThat(statements(full)).anySatisfy((statement) -> {
					assertThat(statement.allows()).isTrue();
					assertThat(statement.principal()).startsWith("AWS=").contains(":iam::" + account + ":root");
					assertThat(statement.actions()).containsExactly("sns:Publish");
					assertThat(statement.resources()).containsExactly("${" + id + "}");
				});
			}
		});
	}

	/** Topic name (from its display name) → the {@code type} values its subscription lets through. */
	private Map<String, List<String>> filterPolicies() {
		Map<String, Map<String, Object>> resources = resources(this.template);
		return resources(this.template, "AWS::SNS::Subscription").values().stream().map(TemplateJson::properties)
			.collect(Collectors.toMap((properties) -> {
				String topic = render(properties.get("TopicArn")).replaceAll("^\\$\\{(.+)}$", "$1");
				String displayName = (String) properties(resources.get(topic)).get("DisplayName");
				return displayName.replace("Herald ", "").replace(" events", "");
			}, (properties) -> {
				Map<?, ?> policy = (Map<?, ?>) properties.get("FilterPolicy");
				assertThat(policy.keySet().stream().map(String::valueOf)).containsExactly(EventTopics.TYPE_ATTRIBUTE);
				return ((List<?>) policy.get(EventTopics.TYPE_ATTRIBUTE)).stream().map(String::valueOf).toList();
			}));
	}

}
