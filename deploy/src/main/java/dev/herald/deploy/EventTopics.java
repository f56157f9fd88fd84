package dev.herald.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import dev.herald.deploy.HeraldSettings.TopicSettings;

/**
 * The shops' event topics, each subscribed to the ingest function for its own event types only, with a dead-letter
 * queue per subscription for the messages SNS could not hand to Lambda.
 */
final class EventTopics extends Construct {

	/**
	 * The message attribute SNS filters on; publishers set it to the CloudEvent's {@code type}. The ingest function
	 * reads the tenant from the attribute {@link #TENANT_ATTRIBUTE}.
	 */
	static final String TYPE_ATTRIBUTE = "type";

	/** The message attribute naming the tenant (its slug); not filtered, so a missing one reaches ingest's logs. */
	static final String TENANT_ATTRIBUTE = "tenant";

	/** Each topic and the event types it carries: the full list, so an unknown type never costs an invocation. */
	static final Map<String, List<String>> EVENT_TYPES = eventTypes();

	private final Map<String, Topic> topics = new LinkedHashMap<>();

	private final Map<String, Queue> deadLetterQueues = new LinkedHashMap<>();

	EventTopics(Construct scope, String id, TopicSettings settings, IFunction ingest) {
		super(scope, id);
		IKey key = key(settings.kmsKey());
		Validations.of(ingest).acknowledge(aliasEndpointAcknowledgment());
		EVENT_TYPES.forEach((name, types) -> {
			// The subscription takes the topic's id under the function: it must differ per topic.
			Topic.Builder builder = Topic.Builder.create(this, capitalized(name) + "Topic")
				.displayName("Herald " + name + " events")
				.signatureVersion("2")
				.enforceSsl(true);
			if (key != null) {
				builder.masterKey(key);
			}
			Topic topic = builder.build();
			for (String account : settings.publisherAccounts()) {
				IPrincipal publisher = new AccountPrincipal(account);
				topic.addToResourcePolicy(PolicyStatement.Builder.create()
					.principals(List.of(publisher))
					.actions(List.of("sns:Publish"))
					.resources(List.of(topic.getTopicArn()))
					.build());
			}
			Queue deadLetters = Queues.deadLetterQueue(this, capitalized(name) + "SubscriptionDeadLetters");
			topic.addSubscription(LambdaSubscription.Builder.create(ingest)
				.deadLetterQueue(deadLetters)
				.filterPolicy(Map.of(TYPE_ATTRIBUTE,
						SubscriptionFilter.stringFilter(StringConditions.builder().allowlist(types).build())))
				.build());
			this.topics.put(name, topic);
			this.deadLetterQueues.put(name, deadLetters);
		});
	}

	/** Suppresses CDK's CloudFormation check that takes an alias for a wrong endpoint: SNS invokes alias ARNs. */
	static Acknowledgment aliasEndpointAcknowledgment() {
		return Acknowledgment.builder()
			.id("CloudFormation-Validate::W3694")
			.reason("SNS invokes a Lambda alias ARN like a function ARN; the alias is what SnapStart needs")
			.build();
	}

	private IKey key(String kmsKey) {
		if (kmsKey == null) {
			return null;
		}
		// Imported, never created here: a key created by the stack would bring a key policy on "kms:*".
		return kmsKey.startsWith("alias/") ? Alias.fromAliasName(this, "TopicKey", kmsKey)
				: Key.fromKeyArn(this, "TopicKey", kmsKey);
	}

	private static Map<String, List<String>> eventTypes() {
		Map<String, List<String>> topics = new LinkedHashMap<>();
		topics.put("orders", List.of("order.placed", "order.cancelled"));
		topics.put("payments", List.of("payment.succeeded", "payment.failed", "payment.refunded"));
		topics.put("shipping", List.of("shipment.dispatched", "shipment.out_for_delivery", "shipment.delivered"));
		return Collections.unmodifiableMap(topics);
	}

	static String capitalized(String name) {
		return Character.toUpperCase(name.charAt(0)) + name.substring(1);
	}

	Map<String, Topic> topics() {
		return this.topics;
	}

	/** The subscriptions' dead-letter queues, by topic name. */
	Map<String, Queue> deadLetterQueues() {
		return this.deadLetterQueues;
	}

}
