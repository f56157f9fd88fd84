package dev.herald.e2e.lambda;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events the Lambda tests build, read back as Lambda's Java adapter reads them ({@code aws-lambda-java-events}
 * through {@code aws-lambda-java-serialization}), and the local SQS they are built from.
 */
class AwsEventsIntegrationTests {

	private static LocalSqs sqs;

	@BeforeAll
	static void startSqs() {
		sqs = LocalSqs.start();
	}

	@AfterAll
	static void stopSqs() {
		sqs.close();
	}

	@Test
	void anSnsEventCarriesTheMessageAndItsAttributesAsLambdasSnsEventClassReadsThem() {
		String json = AwsEvents.snsEvent("herald-orders", "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
				"{\"type\":\"order.placed\"}", Map.of("tenant", "shop-1", "type", "order.placed"));

		SNSEvent event = read(json, SNSEvent.class);

		assertThat(event.getRecords()).hasSize(1);
		SNSEvent.SNSRecord record = event.getRecords().getFirst();
		assertThat(record.getEventSource()).isEqualTo("aws:sns");
		assertThat(record.getSNS().getMessageId()).isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
		assertThat(record.getSNS().getTopicArn()).isEqualTo("arn:aws:sns:eu-west-1:123456789012:herald-orders");
		assertThat(record.getSNS().getMessage()).isEqualTo("{\"type\":\"order.placed\"}");
		assertThat(record.getSNS().getSignatureVersion()).isEqualTo("2");
		assertThat(record.getSNS().getSigningCertUrl()).startsWith("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-");
		assertThat(record.getSNS().getTimestamp()).isNotNull();
		assertThat(record.getSNS().getMessageAttributes().get("tenant").getValue()).isEqualTo("shop-1");
		assertThat(record.getSNS().getMessageAttributes().get("type").getType()).isEqualTo("String");
	}

	@Test
	void anSqsEventBuiltFromReceivedMessagesCarriesTheirIdsBodiesAndAttributes() throws Exception {
		String queue = sqs.createQueue("events-test", Duration.ofSeconds(30), 5);
		sqs.client().sendMessage((send) -> send.queueUrl(queue).messageBody("{\"deliveryId\":\"d-1\"}")
			.messageAttributes(Map.of("tenant", MessageAttributeValue.builder().dataType("String").stringValue("t-1").build())));
		List<Message> received = sqs.receive(queue, (message) -> true, 1, Duration.ofSeconds(10), Duration.ZERO);
		Message poison = AwsEvents.foreignMessage("not a delivery");

		SQSEvent event = read(AwsEvents.sqsEvent(sqs.queueArn(queue), List.of(received.getFirst(), poison)),
				SQSEvent.class);

		assertThat(event.getRecords()).hasSize(2);
		SQSEvent.SQSMessage first = event.getRecords().getFirst();
		assertThat(first.getMessageId()).isEqualTo(received.getFirst().messageId());
		assertThat(first.getReceiptHandle()).isEqualTo(received.getFirst().receiptHandle());
		assertThat(first.getBody()).isEqualTo("{\"deliveryId\":\"d-1\"}");
		assertThat(first.getMd5OfBody()).isEqualTo(received.getFirst().md5OfBody());
		assertThat(first.getAttributes()).containsEntry("ApproximateReceiveCount", "1").containsKey("SentTimestamp");
		assertThat(first.getMessageAttributes().get("tenant").getStringValue()).isEqualTo("t-1");
		assertThat(first.getMessageAttributes().get("tenant").getDataType()).isEqualTo("String");
		assertThat(first.getEventSource()).isEqualTo("aws:sqs");
		assertThat(first.getEventSourceArn()).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:events-test");
		assertThat(first.getAwsRegion()).isEqualTo("eu-west-1");
		SQSEvent.SQSMessage second = event.getRecords().get(1);
		assertThat(second.getMessageId()).isEqualTo(poison.messageId());
		assertThat(second.getBody()).isEqualTo("not a delivery");
		assertThat(second.getMd5OfBody()).isEqualTo(poison.md5OfBody()).hasSize(32);
	}

	@Test
	void receivingPicksTheWantedMessagesAndLeavesTheOthersForTheirOwners() throws Exception {
		String queue = sqs.createQueue("receive-test", Duration.ofSeconds(30), 5);
		for (String body : List.of("mine-1", "theirs", "mine-2")) {
			sqs.client().sendMessage((send) -> send.queueUrl(queue).messageBody(body));
		}

		List<Message> mine = sqs.receive(queue, (message) -> message.body().startsWith("mine"), 2,
				Duration.ofSeconds(10), Duration.ofMillis(300));

		assertThat(mine).extracting(Message::body).containsExactlyInAnyOrder("mine-1", "mine-2");
		List<Message> rest = sqs.receive(queue, (message) -> true, 1, Duration.ofSeconds(10), Duration.ofMillis(300));
		assertThat(rest).extracting(Message::body).containsExactly("theirs");
	}

	private static <T> T read(String json, Class<T> type) {
		return LambdaEventSerializers.serializerFor(type, AwsEventsIntegrationTests.class.getClassLoader())
			.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
	}

}
