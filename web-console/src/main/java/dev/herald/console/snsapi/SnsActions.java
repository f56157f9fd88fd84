package dev.herald.console.snsapi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.herald.console.snsapi.SigV4Verifier.Verified;
import dev.herald.db.snsapi.SnsTopicRepository;
import dev.herald.db.snsapi.SnsTopicRepository.NewSubscription;
import dev.herald.db.snsapi.SnsTopicRepository.Subscription;
import dev.herald.db.snsapi.SnsTopicRepository.Topic;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.ingest.IngestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SNS actions a shop uses, for a verified caller. What is published to a topic Herald is subscribed to, and passes
 * one of its subscriptions' filter policies, is ingested exactly like {@code POST /api/v1/events}. As on SNS the
 * content is not validated: Publish answers success for a body that is no valid CloudEvent, and Herald keeps it as a
 * rejected event with every problem, visible in the console.
 */
final class SnsActions {

	static final int PAGE_SIZE = 100;

	static final int MAX_MESSAGE_BYTES = 262_144;

	static final int MAX_BATCH_ENTRIES = 10;

	/** How ingested events say they came: through the local SNS-compatible API. */
	static final String VIA = "sns-api";

	private static final Logger logger = LoggerFactory.getLogger(SnsActions.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");

	private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

	private static final Set<String> SUBSCRIPTION_ATTRIBUTES = Set.of("DeliveryPolicy", "FilterPolicy",
			"FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy");

	private static final String INGESTION_PATH = "/api/v1/events";

	private final SnsTopicRepository topics;

	private final IngestFunction ingest;

	SnsActions(SnsTopicRepository topics, IngestFunction ingest) {
		this.topics = topics;
		this.ingest = ingest;
	}

	/** The content of the action's {@code <…Result>} element. */
	String handle(String action, Verified caller, QueryParameters parameters) {
		return switch (action) {
			case "CreateTopic" -> createTopic(caller, parameters);
			case "ListTopics" -> listTopics(caller, parameters);
			case "Subscribe" -> subscribe(caller, parameters);
			case "Publish" -> publish(caller, parameters);
			case "PublishBatch" -> publishBatch(caller, parameters);
			default -> throw SnsError.invalidAction(action);
		};
	}

	private String createTopic(Verified caller, QueryParameters parameters) {
		String name = parameters.required("Name");
		Map<String, String> attributes = parameters.map("Attributes");
		if (name.endsWith(".fifo") || "true".equalsIgnoreCase(attributes.get("FifoTopic"))) {
			throw SnsError.invalidParameter("Invalid parameter: Topic Name Reason: FIFO topics are not supported by "
					+ "Herald's local server; use a standard topic");
		}
		if (!TOPIC_NAME.matcher(name).matches()) {
			throw SnsError.invalidParameter("Invalid parameter: Topic Name");
		}
		// Other attributes (DisplayName, Policy…) and tags mean nothing locally; they are accepted as SNS accepts them.
		Topic topic = this.topics.createIfAbsent(caller.tenant(), name);
		return SnsXml.element("TopicArn", TopicArns.topic(caller.region(), caller.tenant(), topic.name()));
	}

	private String listTopics(Verified caller, QueryParameters parameters) {
		String after = null;
		String token = parameters.get("NextToken");
		if (token != null && !token.isEmpty()) {
			try {
				after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw SnsError.invalidParameter("Invalid parameter: NextToken");
			}
		}
		List<Topic> page = this.topics.list(caller.tenant(), after, PAGE_SIZE + 1);
		StringBuilder result = new StringBuilder("<Topics>");
		page.stream().limit(PAGE_SIZE).forEach((topic) -> result.append("<member>")
			.append(SnsXml.element("TopicArn", TopicArns.topic(caller.region(), caller.tenant(), topic.name())))
			.append("</member>"));
		result.append("</Topics>");
		if (page.size() > PAGE_SIZE) {
			String last = page.get(PAGE_SIZE - 1).name();
			result.append(SnsXml.element("NextToken",
					Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8))));
		}
		return result.toString();
	}

	private String subscribe(Verified caller, QueryParameters parameters) {
		Topic topic = topic(caller, parameters.required("TopicArn"), "SNS:Subscribe");
		String protocol = parameters.required("Protocol");
		String endpoint = (parameters.get("Endpoint") != null) ? parameters.get("Endpoint").strip() : "";
		switch (protocol) {
			case "herald" -> {
			}
			case "http", "https" -> {
				URI uri;
				try {
					uri = URI.create(endpoint);
				}
				catch (IllegalArgumentException ex) {
					throw SnsError.invalidParameter("Invalid parameter: Endpoint must be a URL");
				}
				if (!protocol.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
						|| !INGESTION_PATH.equals(uri.getPath())) {
					throw SnsError.invalidParameter("Invalid parameter: Endpoint Reason: locally an " + protocol
							+ " subscription must point at Herald's own ingestion endpoint, " + protocol
							+ "://<herald host>" + INGESTION_PATH);
				}
			}
			default -> throw SnsError.invalidParameter("Invalid parameter: Protocol Reason: Herald's local server "
					+ "delivers only to Herald itself: protocol herald, or http(s) to its " + INGESTION_PATH);
		}
		Map<String, String> attributes = parameters.map("Attributes");
		for (String name : attributes.keySet()) {
			if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
				throw SnsError.invalidParameter("Invalid parameter: Attributes Reason: Unknown attribute " + name);
			}
		}
		String policy = attributes.get("FilterPolicy");
		String scope = attributes.getOrDefault("FilterPolicyScope", FilterPolicy.ATTRIBUTES);
		if (policy != null && !policy.isBlank()) {
			try {
				FilterPolicy.parse(policy, scope);
			}
			catch (IllegalArgumentException ex) {
				throw SnsError.invalidParameter("Invalid parameter: FilterPolicy: " + ex.getMessage());
			}
		}
		else {
			policy = null;
			if (!FilterPolicy.ATTRIBUTES.equals(scope) && !FilterPolicy.BODY.equals(scope)) {
				throw SnsError.invalidParameter("Invalid parameter: FilterPolicyScope must be MessageAttributes or "
						+ "MessageBody");
			}
		}
		Subscription subscription = this.topics.subscribe(caller.tenant(), topic.id(),
				new NewSubscription(protocol, endpoint, policy, scope));
		return SnsXml.element("SubscriptionArn",
				TopicArns.topic(caller.region(), caller.tenant(), topic.name()) + ":" + subscription.id());
	}

	private String publish(Verified caller, QueryParameters parameters) {
		if (parameters.get("PhoneNumber") != null) {
			throw SnsError.invalidParameter("Invalid parameter: PhoneNumber Reason: Herald's local server publishes "
					+ "only to topics");
		}
		String arn = (parameters.get("TopicArn") != null) ? parameters.get("TopicArn") : parameters.get("TargetArn");
		if (arn == null || arn.isEmpty()) {
			throw SnsError.invalidParameter("Invalid parameter: TopicArn or TargetArn Reason: no value for required "
					+ "parameter");
		}
		Topic topic = topic(caller, arn, "SNS:Publish");
		Message message = message(parameters, "");
		String messageId = UUID.randomUUID().toString();
		deliver(caller, topic, message, messageId);
		return SnsXml.element("MessageId", messageId);
	}

	private String publishBatch(Verified caller, QueryParameters parameters) {
		String arn = parameters.required("TopicArn");
		List<String> entries = parameters.numbered("PublishBatchRequestEntries.member");
		if (entries.isEmpty()) {
			throw SnsError.batch("EmptyBatchRequest", "The batch request doesn't contain any entries.");
		}
		if (entries.size() > MAX_BATCH_ENTRIES) {
			throw SnsError.batch("TooManyEntriesInBatchRequest",
					"The batch request contains more entries than permissible.");
		}
		Set<String> ids = new HashSet<>();
		for (String entry : entries) {
			String id = parameters.get(entry + "Id");
			if (id == null || !BATCH_ENTRY_ID.matcher(id).matches()) {
				throw SnsError.batch("InvalidBatchEntryId",
						"The Id of a batch entry in a batch request doesn't abide by the specification.");
			}
			if (!ids.add(id)) {
				throw SnsError.batch("BatchEntryIdsNotDistinct",
						"Two or more batch entries in the request have the same Id.");
			}
		}
		long total = 0;
		for (String entry : entries) {
			String text = parameters.get(entry + "Message");
			total += (text != null) ? text.getBytes(StandardCharsets.UTF_8).length : 0;
		}
		if (total > MAX_MESSAGE_BYTES) {
			throw SnsError.batch("BatchRequestTooLong",
					"The length of all the messages put together is more than the limit.");
		}
		Topic topic = topic(caller, arn, "SNS:Publish");
		StringBuilder successful = new StringBuilder("<Successful>");
		StringBuilder failed = new StringBuilder("<Failed>");
		for (String entry : entries) {
			String id = parameters.get(entry + "Id");
			try {
				Message message = message(parameters, entry);
				String messageId = UUID.randomUUID().toString();
				deliver(caller, topic, message, messageId);
				successful.append("<member>").append(SnsXml.element("Id", id))
					.append(SnsXml.element("MessageId", messageId)).append("</member>");
			}
			catch (SnsError ex) {
				failed.append(failure(id, ex.code(), ex.getMessage(), ex.senderFault()));
			}
			catch (RuntimeException ex) {
				logger.error("Publishing batch entry {} to topic {} of tenant {} failed", id, topic.name(),
						caller.tenant(), ex);
				failed.append(failure(id, "InternalError", "The entry could not be ingested; send it again.", false));
			}
		}
		return successful.append("</Successful>").append(failed).append("</Failed>").toString();
	}

	private static String failure(String id, String code, String message, boolean senderFault) {
		return "<member>" + SnsXml.element("Id", id) + SnsXml.element("Code", code)
				+ SnsXml.element("Message", message) + SnsXml.element("SenderFault", String.valueOf(senderFault))
				+ "</member>";
	}

	private static Message message(QueryParameters parameters, String prefix) {
		String body = parameters.get(prefix + "Message");
		if (body == null || body.isEmpty()) {
			throw SnsError.invalidParameter("Invalid parameter: Message Reason: Empty message");
		}
		for (String fifoOnly : List.of("MessageGroupId", "MessageDeduplicationId")) {
			if (parameters.get(prefix + fifoOnly) != null) {
				throw SnsError.invalidParameter("Invalid parameter: " + fifoOnly + " Reason: The request includes "
						+ fifoOnly + " parameter that is not valid for this topic type");
			}
		}
		if ("json".equals(parameters.get(prefix + "MessageStructure"))) {
			body = defaultMessage(body);
		}
		Map<String, MessageAttribute> attributes = MessageAttribute.parse(parameters, prefix);
		long size = body.getBytes(StandardCharsets.UTF_8).length;
		for (MessageAttribute attribute : attributes.values()) {
			size += attribute.size();
		}
		if (size > MAX_MESSAGE_BYTES) {
			throw SnsError.invalidParameter("Invalid parameter: Message too long");
		}
		return new Message(body, attributes);
	}

	/** With {@code MessageStructure=json}, SNS sends subscribers of a protocol without an entry the default. */
	private static String defaultMessage(String structured) {
		try {
			JsonNode node = JSON.readTree(structured);
			JsonNode text = node.isObject() ? node.get("default") : null;
			if (text == null || !text.isString()) {
				throw SnsError.invalidParameter("Invalid parameter: Message Structure - No default entry in JSON "
						+ "message body");
			}
			return text.asString();
		}
		catch (JacksonException ex) {
			throw SnsError.invalidParameter("Invalid parameter: Message Structure - JSON message body failed to "
					+ "parse");
		}
	}

	private Topic topic(Verified caller, String arn, String permission) {
		TopicArns.Parsed parsed = TopicArns.parse(arn)
			.orElseThrow(() -> SnsError.invalidParameter("Invalid parameter: TopicArn"));
		if (!parsed.account().equals(TopicArns.account(caller.tenant()))) {
			// As on AWS: another account's topic is not the caller's business, whether it exists or not.
			throw SnsError.authorization("User: " + caller.accessKeyId() + " is not authorized to perform: "
					+ permission + " on resource: " + arn);
		}
		return this.topics.find(caller.tenant(), parsed.name())
			.orElseThrow(() -> SnsError.notFound("Topic does not exist"));
	}

	private void deliver(Verified caller, Topic topic, Message message, String messageId) {
		List<Subscription> subscriptions = this.topics.subscriptions(caller.tenant(), topic.id());
		boolean wanted = subscriptions.stream()
			.anyMatch((subscription) -> subscription.filterPolicy() == null
					|| FilterPolicy.parse(subscription.filterPolicy(), subscription.filterPolicyScope())
						.matches(message.attributes(), message.body()));
		if (!wanted) {
			// As on SNS: a message no subscription wants is accepted and goes nowhere.
			logger.info("SNS message {} to topic {} of tenant {} matched none of its {} Herald subscription(s)",
					messageId, topic.name(), caller.tenant(), subscriptions.size());
			return;
		}
		IngestResult result = this.ingest.apply(new IngestRequest(caller.tenant(), message.body(), VIA,
				"application/json"));
		if (result instanceof IngestResult.Rejected rejected) {
			logger.info("SNS message {} to topic {} of tenant {} is no valid event; kept as rejected event {}",
					messageId, topic.name(), caller.tenant(), rejected.rejectionId());
		}
	}

	private record Message(String body, Map<String, MessageAttribute> attributes) {
	}

}
