package dev.herald.functions.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/** Lambda events as the services build them, for calling the handlers directly. */
final class LambdaEvents {

	static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:herald-orders";

	private LambdaEvents() {
	}

	/** An SNS event of one message per body, each with the {@code tenant} attribute. */
	static SNSEvent sns(String tenantSlug, String... messages) {
		List<SNSEvent.SNSRecord> records = new ArrayList<>();
		for (String message : messages) {
			records.add(snsRecord(UUID.randomUUID().toString(), tenantSlug, message));
		}
		return new SNSEvent().withRecords(records);
	}

	static SNSEvent.SNSRecord snsRecord(String messageId, String tenantSlug, String message) {
		SNSEvent.SNS sns = new SNSEvent.SNS().withMessageId(messageId)
			.withTopicArn(TOPIC)
			.withType("Notification")
			.withMessage(message);
		if (tenantSlug != null) {
			sns.setMessageAttributes(Map.of("tenant", new SNSEvent.MessageAttribute().withType("String").withValue(tenantSlug)));
		}
		return new SNSEvent.SNSRecord().withEventSource("aws:sns").withSns(sns);
	}

	/** An SQS event, one record per (message id, body) pair. */
	static SQSEvent sqs(String... idsAndBodies) {
		List<SQSEvent.SQSMessage> records = new ArrayList<>();
		for (int i = 0; i < idsAndBodies.length; i += 2) {
			SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
			message.setMessageId(idsAndBodies[i]);
			message.setBody(idsAndBodies[i + 1]);
			message.setEventSource("aws:sqs");
			records.add(message);
		}
		SQSEvent event = new SQSEvent();
		event.setRecords(records);
		return event;
	}

	static APIGatewayV2HTTPEvent http(String method, Map<String, String> headers, String body, boolean base64) {
		return APIGatewayV2HTTPEvent.builder()
			.withVersion("2.0")
			.withRouteKey("POST /api/v1/events")
			.withRawPath("/api/v1/events")
			.withHeaders(headers)
			.withBody(body)
			.withIsBase64Encoded(base64)
			.withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
				.withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
					.withMethod(method)
					.withPath("/api/v1/events")
					.build())
				.withRequestId("req-1")
				.build())
			.build();
	}

}
