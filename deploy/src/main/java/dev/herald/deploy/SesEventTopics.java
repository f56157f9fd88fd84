package dev.herald.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetEventDestination;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * SES event publishing for each listed tenant: a configuration set (which the tenant names in its SES provider
 * settings as {@code configurationSet}) whose SNS event destination is the tenant's own topic, subscribed to the
 * {@code providerStatusSns} function with a dead-letter queue for what SNS could not hand over. SES cannot put the
 * tenant in an event, so the topic names it: {@link #mappings()} tells the function which tenant each topic carries.
 */
final class SesEventTopics extends Construct {

	/** The event types Herald turns into delivery status (Send is Herald's own "sent"; Subscription is not used). */
	static final List<EmailSendingEvent> EVENTS = List.of(EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE,
			EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT, EmailSendingEvent.DELIVERY_DELAY,
			EmailSendingEvent.OPEN, EmailSendingEvent.CLICK, EmailSendingEvent.RENDERING_FAILURE);

	private final Map<String, Topic> topics = new LinkedHashMap<>();

	private final Map<String, ConfigurationSet> configurationSets = new LinkedHashMap<>();

	private final Map<String, Queue> deadLetterQueues = new LinkedHashMap<>();

	SesEventTopics(Construct scope, String id, List<String> tenants, IFunction providerStatus) {
		super(scope, id);
		Validations.of(providerStatus).acknowledge(EventTopics.aliasEndpointAcknowledgment());
		for (String slug : tenants) {
			String name = pascal(slug);
			Topic topic = Topic.Builder.create(this, name + "Topic")
				.displayName("Herald SES events of " + slug)
				.signatureVersion("2")
				.enforceSsl(true)
				.build();
			// Named by CloudFormation: unique per account and region, so two stacks never collide.
			ConfigurationSet configurationSet = ConfigurationSet.Builder.create(this, name + "ConfigurationSet").build();
			// The destination also gives SES the topic policy it needs, for this configuration set and account only.
			ConfigurationSetEventDestination.Builder.create(this, name + "EventDestination")
				.configurationSet(configurationSet)
				.destination(EventDestination.snsTopic(topic))
				.events(EVENTS)
				.enabled(true)
				.build();
			Queue deadLetters = Queues.deadLetterQueue(this, name + "SubscriptionDeadLetters");
			topic.addSubscription(LambdaSubscription.Builder.create(providerStatus).deadLetterQueue(deadLetters).build());
			this.topics.put(slug, topic);
			this.configurationSets.put(slug, configurationSet);
			this.deadLetterQueues.put(slug, deadLetters);
		}
	}

	/**
	 * What the function reads as {@code herald.functions.status.ses-topics}: {@code <topic ARN>=<slug>}, comma
	 * separated.
	 */
	String mappings() {
		return String.join(",",
				this.topics.entrySet().stream().map((entry) -> entry.getValue().getTopicArn() + "=" + entry.getKey()).toList());
	}

	/** A slug as a construct or output id: {@code acme-shop} → {@code AcmeShop}. */
	static String pascal(String slug) {
		StringBuilder out = new StringBuilder();
		for (String part : slug.split("-")) {
			if (!part.isEmpty()) {
				out.append(EventTopics.capitalized(part));
			}
		}
		return out.toString();
	}

	Map<String, ConfigurationSet> configurationSets() {
		return this.configurationSets;
	}

	/** The subscriptions' dead-letter queues, by tenant slug. */
	Map<String, Queue> deadLetterQueues() {
		return this.deadLetterQueues;
	}

}
