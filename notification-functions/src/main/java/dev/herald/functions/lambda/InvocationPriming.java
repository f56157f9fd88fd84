package dev.herald.functions.lambda;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.json.JsonMapper;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.messaging.Message;

/**
 * Invocation priming for SnapStart: before the snapshot, the function this environment runs is invoked once through
 * the adapter's own path (bytes → message → AWS event type → function → answer bytes) with an event that changes
 * nothing, a full sample event of its type is deserialized, and the clients the first real event needs are used once
 * (an SQS read of the queue's attributes, a MIME message built and discarded). Without this, the first event after
 * every restore loaded and linked some 1,800 classes (the runtime's event serializers, the AWS SDK's HTTP, signing
 * and protocol stack) itself.
 *
 * <p>
 * The priming events are harmless by construction: an SNS or SQS event without records, and for the HTTP API a
 * {@code POST} with an API key that cannot exist, which is answered 401 before anything is read or stored.
 */
class InvocationPriming {

	private static final Logger logger = LoggerFactory.getLogger(InvocationPriming.class);

	/** A request of the HTTP API with an API key that cannot exist: answered 401 before anything is read or stored. */
	private static final String HTTP_EVENT = """
			{"version":"2.0","routeKey":"POST /api/v1/events","rawPath":"/api/v1/events","rawQueryString":"",
			 "headers":{"authorization":"Bearer herald-snapstart-priming-no-such-key","content-type":"application/json"},
			 "requestContext":{"http":{"method":"POST","path":"/api/v1/events","protocol":"HTTP/1.1",
			 "sourceIp":"127.0.0.1","userAgent":"herald-priming"},"requestId":"priming","routeKey":"POST /api/v1/events",
			 "stage":"$default","timeEpoch":0},
			 "body":"{}","isBase64Encoded":false}
			""";

	/** Events that exercise each function's whole invocation path and change nothing. */
	static final Map<String, String> HARMLESS_EVENTS = Map.of("ingestSns", "{\"Records\":[]}", "deliverSqs",
			"{\"Records\":[]}", "ingestHttp", HTTP_EVENT, "providerStatusSns", "{\"Records\":[]}");

	/** Functions that never touch the delivery queue. */
	private static final Set<String> NO_QUEUE = Set.of("providerStatusSns", "sendWebhooks");

	/** Functions with no harmless event, and why. */
	static final Map<String, String> NOT_INVOKED = Map.of("sendWebhooks",
			"every run claims and sends due webhook messages, so priming it would send real messages at deploy time");

	/** A complete event of each function's type, as Lambda sends it: deserialized only, never processed. */
	private static final Map<String, Sample> SAMPLES = Map.of("ingestSns", new Sample(SNSEvent.class, """
			{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",
			 "EventSubscriptionArn":"arn:aws:sns:us-east-1:123456789012:herald-orders:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
			 "Sns":{"Type":"Notification","MessageId":"95df01b4-ee98-5cb9-9903-4c221d41eb5e",
			  "TopicArn":"arn:aws:sns:us-east-1:123456789012:herald-orders","Subject":null,
			  "Message":"{\\"specversion\\":\\"1.0\\"}","Timestamp":"2026-01-02T12:00:00.000Z","SignatureVersion":"2",
			  "Signature":"c2lnbmF0dXJl","SigningCertUrl":"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0.pem",
			  "UnsubscribeUrl":"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
			  "MessageAttributes":{"tenant":{"Type":"String","Value":"priming"},"type":{"Type":"String","Value":"order.placed"}}}}]}
			"""), "deliverSqs", new Sample(SQSEvent.class, """
			{"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
			 "body":"{}","attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183",
			 "SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1545082649185"},
			 "messageAttributes":{},"md5OfBody":"99914b932bd37a50b983c5e7c90ae93b","eventSource":"aws:sqs",
			 "eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:herald-deliveries","awsRegion":"us-east-1"}]}
			"""), "ingestHttp", new Sample(APIGatewayV2HTTPEvent.class, HTTP_EVENT), "providerStatusSns",
			new Sample(SNSEvent.class, """
					{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",
					 "EventSubscriptionArn":"arn:aws:sns:us-east-1:123456789012:herald-ses-events:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
					 "Sns":{"Type":"Notification","MessageId":"95df01b4-ee98-5cb9-9903-4c221d41eb5e",
					  "TopicArn":"arn:aws:sns:us-east-1:123456789012:herald-ses-events","Subject":null,
					  "Message":"{\\"eventType\\":\\"Delivery\\",\\"mail\\":{\\"messageId\\":\\"priming\\"}}",
					  "Timestamp":"2026-01-02T12:00:00.000Z","SignatureVersion":"1","Signature":"c2lnbmF0dXJl",
					  "SigningCertUrl":"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0.pem",
					  "UnsubscribeUrl":"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe","MessageAttributes":{}}}]}
					"""));

	private final FunctionCatalog catalog;

	private final JsonMapper json;

	private final String definition;

	private final Optional<SqsDeliveryQueue> queue;

	private final Optional<JavaMailSender> mail;

	InvocationPriming(FunctionCatalog catalog, JsonMapper json, String definition, Optional<SqsDeliveryQueue> queue,
			Optional<JavaMailSender> mail) {
		this.catalog = catalog;
		this.json = json;
		this.definition = definition;
		this.queue = queue;
		this.mail = mail;
	}

	/**
	 * Primes what it can; a client that cannot be reached now is logged and left for the first event.
	 * @return the function's answer to its harmless event, as Lambda would have returned it; empty for a function
	 * definition without one
	 */
	Optional<String> prime() {
		String event = (this.definition != null) ? HARMLESS_EVENTS.get(this.definition) : null;
		Optional<String> answer = Optional.empty();
		if (event == null && NOT_INVOKED.containsKey(this.definition)) {
			logger.info("No invocation priming for function definition '{}': {}", this.definition,
					NOT_INVOKED.get(this.definition));
		}
		else if (event == null) {
			logger.info("No invocation priming for function definition '{}'", this.definition);
		}
		else {
			answer = Optional.of(invoke(event));
			Sample sample = SAMPLES.get(this.definition);
			LambdaEventSerializers.serializerFor(sample.type(), Thread.currentThread().getContextClassLoader())
				.fromJson(sample.json());
		}
		// The status and webhook functions never queue (and are granted nothing on the queue): nothing to prime there.
		this.queue.filter((sqs) -> !NO_QUEUE.contains(this.definition)).ifPresent((sqs) -> {
			try {
				sqs.prime();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not reach the delivery queue while priming; the first event will connect", ex);
			}
		});
		this.mail.ifPresent(InvocationPriming::buildMimeMessage);
		return answer;
	}

	/** What {@code FunctionInvoker.handleRequest} does with an event, without a Lambda context. */
	private String invoke(String event) {
		FunctionInvocationWrapper function = this.catalog.lookup(this.definition, "application/json");
		if (function == null) {
			throw new IllegalStateException("no function '" + this.definition + "' to prime");
		}
		Type input = function.getInputType();
		Message<byte[]> message = AWSLambdaUtils.generateMessage(event.getBytes(StandardCharsets.UTF_8), input,
				function.isSupplier(), this.json);
		Object result = function.apply(message);
		return new String(AWSLambdaUtils.generateOutputFromObject(message, result, this.json, function.getOutputType()),
				StandardCharsets.UTF_8);
	}

	private static void buildMimeMessage(JavaMailSender sender) {
		try {
			MimeMessage message = sender.createMimeMessage();
			message.setSubject("priming", StandardCharsets.UTF_8.name());
			message.setText("priming", StandardCharsets.UTF_8.name());
			message.saveChanges();
			message.writeTo(new ByteArrayOutputStream());
		}
		catch (Exception ex) {
			logger.warn("Could not build a MIME message while priming", ex);
		}
	}

	private record Sample(Class<?> type, String json) {
	}

}
