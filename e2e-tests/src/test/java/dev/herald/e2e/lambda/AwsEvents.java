package dev.herald.e2e.lambda;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events Lambda hands to functions, in their exact wire shape: an SNS subscription's {@code SNSEvent} and an
 * event source mapping's {@code SQSEvent} (field names and casing differ between the two, as they do on AWS).
 */
final class AwsEvents {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AwsEvents() {
	}

	/** An SNS notification as Lambda delivers it to a subscribed function: one record, string message attributes. */
	static String snsEvent(String topicName, String messageId, String message, Map<String, String> attributes) {
		String topicArn = "arn:aws:sns:" + LambdaRuntimeApi.REGION + ":" + LambdaRuntimeApi.ACCOUNT + ":" + topicName;
		String subscriptionArn = topicArn + ":" + UUID.randomUUID();
		ObjectNode event = JSON.createObjectNode();
		ObjectNode record = event.putArray("Records").addObject();
		record.put("EventSource", "aws:sns");
		record.put("EventVersion", "1.0");
		record.put("EventSubscriptionArn", subscriptionArn);
		ObjectNode sns = record.putObject("Sns");
		sns.put("Type", "Notification");
		sns.put("MessageId", messageId);
		sns.put("TopicArn", topicArn);
		sns.putNull("Subject");
		sns.put("Message", message);
		sns.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
		sns.put("SignatureVersion", "2");
		byte[] signature = new byte[256];
		ThreadLocalRandom.current().nextBytes(signature);
		sns.put("Signature", Base64.getEncoder().encodeToString(signature));
		sns.put("SigningCertUrl", "https://sns." + LambdaRuntimeApi.REGION
				+ ".amazonaws.com/SimpleNotificationService-" + HexFormat.of().formatHex(signature, 0, 16) + ".pem");
		sns.put("UnsubscribeUrl", "https://sns." + LambdaRuntimeApi.REGION
				+ ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + subscriptionArn);
		ObjectNode messageAttributes = sns.putObject("MessageAttributes");
		attributes.forEach((name, value) -> {
			ObjectNode attribute = messageAttributes.putObject(name);
			attribute.put("Type", "String");
			attribute.put("Value", value);
		});
		return JSON.writeValueAsString(event);
	}

	/** A batch of received SQS messages as an event source mapping passes it to a function. */
	static String sqsEvent(String queueArn, List<Message> messages) {
		ObjectNode event = JSON.createObjectNode();
		ArrayNode records = event.putArray("Records");
		for (Message message : messages) {
			ObjectNode record = records.addObject();
			record.put("messageId", message.messageId());
			record.put("receiptHandle", message.receiptHandle());
			record.put("body", message.body());
			ObjectNode attributes = record.putObject("attributes");
			message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
			ObjectNode messageAttributes = record.putObject("messageAttributes");
			message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
			record.put("md5OfBody", message.md5OfBody());
			if (message.md5OfMessageAttributes() != null) {
				record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
			}
			record.put("eventSource", "aws:sqs");
			record.put("eventSourceARN", queueArn);
			record.put("awsRegion", LambdaRuntimeApi.REGION);
		}
		return JSON.writeValueAsString(event);
	}

	/** A message that never came from Herald, with the system attributes SQS would have given it. */
	static Message foreignMessage(String body) {
		String now = Long.toString(System.currentTimeMillis());
		return Message.builder()
			.messageId(UUID.randomUUID().toString())
			.receiptHandle(Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)))
			.body(body)
			.md5OfBody(md5(body))
			.attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1",
					MessageSystemAttributeName.SENT_TIMESTAMP, now, MessageSystemAttributeName.SENDER_ID,
					"AIDAE2ETESTS0000000000", MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, now))
			.build();
	}

	private static ObjectNode attribute(MessageAttributeValue value) {
		ObjectNode attribute = JSON.createObjectNode();
		if (value.stringValue() != null) {
			attribute.put("stringValue", value.stringValue());
		}
		if (value.binaryValue() != null) {
			attribute.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
		}
		attribute.putArray("stringListValues");
		attribute.putArray("binaryListValues");
		attribute.put("dataType", value.dataType());
		return attribute;
	}

	private static String md5(String body) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
