package dev.herald.functions.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import dev.herald.functions.delivery.sqs.DeliveryMessage;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.LocalSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda application as the runtime runs it: the adapter's {@link FunctionInvoker} starts
 * {@link HeraldLambdaApplication} (profile {@code lambda}, environment from {@code HERALD_*}-style properties) and
 * is handed the services' JSON events and the Lambda context; its answers are asserted as the bytes Lambda returns.
 * The runtime interface client itself is exercised end to end by the e2e tests.
 */
class FunctionInvokerIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Fixtures fixtures = new Fixtures();

	private static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	private static final Map<String, String> properties = new java.util.LinkedHashMap<>();

	private static LocalSqs.Client sqs;

	private static String queueUrl;

	private static Tenant tenant;

	private static FunctionInvoker deliverSqs;

	private static FunctionInvoker ingestSns;

	private static FunctionInvoker ingestHttp;

	private static String deadLetterQueueUrl;

	private static FunctionInvoker replayDeadLetters;

	private static FunctionInvoker requeueStranded;

	@BeforeAll
	static void startTheLambdaApplication() {
		smtp.start();
		sqs = LocalSqs.shared().client();
		queueUrl = LocalSqs.shared().newQueue(sqs.sqs);
		deadLetterQueueUrl = LocalSqs.shared().newQueue(sqs.sqs);
		tenant = fixtures.tenant();
		fixtures.subscribe(tenant, "order.placed", "order-placed", List.of("email"));
		fixtures.emailTemplate(tenant, "order-placed", "order.placed", "en", "Order {{ data.orderNumber }}", null,
				"Hello {{ customer.name }}");
		// What Lambda's environment variables and the artifact's manifest provide.
		properties.put("MAIN_CLASS", HeraldLambdaApplication.class.getName());
		properties.put("spring.datasource.url", fixtures.database.jdbcUrl());
		properties.put("spring.datasource.username", fixtures.database.username());
		properties.put("spring.datasource.password", fixtures.database.password());
		properties.put("herald.functions.sqs.queue-url", queueUrl);
		properties.put("herald.functions.sqs.dead-letter-queue-url", deadLetterQueueUrl);
		properties.put("herald.functions.sqs.endpoint", LocalSqs.shared().endpoint().toString());
		properties.put("herald.functions.sqs.region", "eu-west-1");
		properties.put("aws.accessKeyId", "x");
		properties.put("aws.secretAccessKey", "x");
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", String.valueOf(smtp.getSmtp().getPort()));
		properties.put("herald.functions.secrets-key", dev.herald.db.secret.SecretBox.generateKey());
		properties.forEach(System::setProperty);
		deliverSqs = new FunctionInvoker("deliverSqs");
		ingestSns = new FunctionInvoker("ingestSns");
		ingestHttp = new FunctionInvoker("ingestHttp");
		// The maintenance functions are not given the key sealing providers' credentials: they start without it.
		System.clearProperty("herald.functions.secrets-key");
		replayDeadLetters = new FunctionInvoker("replayDeadLetters");
		requeueStranded = new FunctionInvoker("requeueStranded");
		System.setProperty("herald.functions.secrets-key", properties.get("herald.functions.secrets-key"));
	}

	@AfterAll
	static void stop() {
		properties.keySet().forEach(System::clearProperty);
		sqs.close();
		smtp.stop();
	}

	@Test
	void anSnsEventIsIngestedAndItsDeliveriesQueuedOnSqs() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();

		Invocation invocation = invoke(ingestSns, snsEvent(eventId));

		assertThat(JSON.readTree(invocation.answer()).get("records").get(0).get("status").asString()).isEqualTo("accepted");
		assertThat(fixtures.deliveries.findByEventId(tenant.id(), eventId)).hasSize(1);
		assertThat(sqs.sqs.receiveMessage((request) -> request.queueUrl(queueUrl).maxNumberOfMessages(10)).messages())
			.extracting((message) -> message.body())
			.contains(DeliveryMessage.body(tenant.id(), fixtures.deliveries.findByEventId(tenant.id(), eventId).getFirst().id()));
		assertThat(invocation.emf()).singleElement().satisfies((line) -> {
			assertThat(line.get("Via").asString()).isEqualTo("sns");
			assertThat(line.get("EventsAccepted").asInt()).isOne();
		});
	}

	@Test
	void anSqsBatchWithAPoisonRecordAnswersExactlyThatRecordAndDeliversTheOthersBySmtp() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		invoke(ingestSns, snsEvent(eventId));
		UUID delivery = fixtures.deliveries.findByEventId(tenant.id(), eventId).getFirst().id();
		int mailsBefore = smtp.getReceivedMessages().length;

		Invocation invocation = invoke(deliverSqs, sqsEvent("m-good", DeliveryMessage.body(tenant.id(), delivery),
				"m-poison", "{\"not\":\"a delivery\"}"));

		assertThat(invocation.answer()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-poison\"}]}");
		assertThat(smtp.getReceivedMessages()).hasSize(mailsBefore + 1);
		assertThat(fixtures.stateOf(delivery)).isEqualTo("delivered");
		assertThat(invocation.emf()).singleElement().satisfies((line) -> {
			assertThat(line.get("Channel").asString()).isEqualTo("email");
			assertThat(line.get("Provider").asString()).isEqualTo("smtp");
			assertThat(line.get("DeliveriesSent").asInt()).isOne();
		});
		assertThat(invocation.logs()).as("JSON log lines naming the request")
			.anySatisfy((line) -> {
				assertThat(line.get("AWSRequestId").asString()).isEqualTo(invocation.requestId());
				assertThat(line.get("message").asString()).contains("m-poison").contains("poison");
			});
	}

	@Test
	void aBatchWithoutFailuresAnswersAnEmptyList() throws Exception {
		Invocation invocation = invoke(deliverSqs, sqsEvent());

		assertThat(invocation.answer()).isEqualTo("{\"batchItemFailures\":[]}");
	}

	@Test
	void theAdapterDoesNotLogTheEvent() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();

		Invocation invocation = invoke(ingestSns, snsEvent(eventId));

		assertThat(invocation.output()).doesNotContain(eventId).doesNotContain("Received");
	}

	@Test
	void anApiGatewayRequestIsAnsweredWithTheLocalApisContract() throws Exception {
		String key = "hk_" + UUID.randomUUID().toString().replace("-", "");
		new ApiKeyRepository(fixtures.jdbc).create(tenant.id(), "lambda", "hk_…", ApiKeyRepository.hashOf(key));
		String eventId = "evt-" + UUID.randomUUID();

		Invocation accepted = invoke(ingestHttp, httpEvent("POST", key, SampleEvents.json(EventType.ORDER_PLACED, eventId)));
		Invocation unauthorized = invoke(ingestHttp, httpEvent("POST", "hk_wrong", "{}"));

		JsonNode answer = JSON.readTree(accepted.answer());
		assertThat(answer.get("statusCode").asInt()).isEqualTo(202);
		assertThat(answer.get("headers").get("Access-Control-Allow-Origin").asString()).isEqualTo("*");
		assertThat(JSON.readTree(answer.get("body").asString()).get("eventId").asString()).isEqualTo(eventId);
		assertThat(answer.get("isBase64Encoded").asBoolean()).isFalse();
		assertThat(JSON.readTree(unauthorized.answer()).get("statusCode").asInt()).isEqualTo(401);
	}

	@Test
	void theReplayAnswersItsReportLogsItsCountsAndSendsBackWhatStillWaits() throws Exception {
		String eventId = "evt-" + UUID.randomUUID();
		invoke(ingestSns, snsEvent(eventId));
		UUID delivery = fixtures.deliveries.findByEventId(tenant.id(), eventId).getFirst().id();
		drain(queueUrl);
		String body = DeliveryMessage.body(tenant.id(), delivery);
		sqs.sqs.sendMessage((request) -> request.queueUrl(deadLetterQueueUrl).messageBody(body));
		String poison = sqs.sqs.sendMessage((request) -> request.queueUrl(deadLetterQueueUrl).messageBody("{}"))
			.messageId();

		Invocation invocation = invoke(replayDeadLetters, "{\"max\": 500}");

		JsonNode report = JSON.readTree(invocation.answer());
		assertThat(report.get("replayed").asInt()).isOne();
		assertThat(report.get("settled").asInt()).isZero();
		assertThat(report.get("poison").asInt()).isOne();
		assertThat(report.get("poisonMessages").get(0).get("messageId").asString()).isEqualTo(poison);
		assertThat(report.get("more").asBoolean()).isFalse();
		assertThat(report.get("stopped").asString()).isEqualTo("empty");
		// Other tests' messages may come back into view meanwhile: this one must be there.
		assertThat(drain(queueUrl)).contains(body);
		assertThat(invocation.logs()).as("one structured line with the counts, naming the request")
			.filteredOn((line) -> line.has("replayed"))
			.singleElement()
			.satisfies((line) -> {
				assertThat(line.get("AWSRequestId").asString()).isEqualTo(invocation.requestId());
				assertThat(line.get("replayed").asInt()).isOne();
				assertThat(line.get("poison").asInt()).isOne();
				assertThat(line.get("more").asBoolean()).isFalse();
			});
		assertThat(invocation.emf()).singleElement().satisfies((line) -> {
			assertThat(line.get("Source").asString()).isEqualTo("dead-letters");
			assertThat(line.get("DeliveriesRequeued").asInt()).isOne();
			assertThat(line.get("DeadLettersPoison").asInt()).isOne();
		});
	}

	@Test
	void theSweeperRunsOnAScheduledEventAndQueuesAStrandedDeliveryAgain() throws Exception {
		fixtures.clearQueue();
		String eventId = "evt-" + UUID.randomUUID();
		invoke(ingestSns, snsEvent(eventId));
		UUID delivery = fixtures.deliveries.findByEventId(tenant.id(), eventId).getFirst().id();
		drain(queueUrl);
		fixtures.dueSince(delivery, Duration.ofMinutes(20));

		Invocation invocation = invoke(requeueStranded, scheduledEvent());

		assertThat(JSON.readTree(invocation.answer()).get("requeued").asInt()).isOne();
		assertThat(drain(queueUrl)).contains(DeliveryMessage.body(tenant.id(), delivery));
		assertThat(invocation.emf()).singleElement().satisfies((line) -> {
			assertThat(line.get("Source").asString()).isEqualTo("sweep");
			assertThat(line.get("DeliveriesRequeued").asInt()).isOne();
		});
	}

	/** The bodies of every message visible in the queue, which are then deleted. */
	private static List<String> drain(String url) {
		List<String> bodies = new ArrayList<>();
		List<software.amazon.awssdk.services.sqs.model.Message> batch;
		while (!(batch = sqs.sqs.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10))
			.messages()).isEmpty()) {
			for (var message : batch) {
				bodies.add(message.body());
				sqs.sqs.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
			}
		}
		return bodies;
	}

	/** What an EventBridge schedule hands the function. */
	private static String scheduledEvent() {
		ObjectNode event = JSON.createObjectNode()
			.put("version", "0")
			.put("id", UUID.randomUUID().toString())
			.put("detail-type", "Scheduled Event")
			.put("source", "aws.events")
			.put("account", "123456789012")
			.put("time", "2026-01-01T00:05:00Z")
			.put("region", "eu-west-1");
		event.putArray("resources").add("arn:aws:events:eu-west-1:123456789012:rule/herald-sweep");
		event.putObject("detail");
		return event.toString();
	}

	private static Invocation invoke(FunctionInvoker invoker, String event) throws Exception {
		String requestId = UUID.randomUUID().toString();
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		PrintStream stdout = System.out;
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer,
					new FakeLambdaContext(requestId, "herald"));
		}
		finally {
			System.setOut(stdout);
		}
		return new Invocation(requestId, answer.toString(StandardCharsets.UTF_8), captured.toString(StandardCharsets.UTF_8));
	}

	private static String snsEvent(String eventId) {
		ObjectNode sns = JSON.createObjectNode()
			.put("Type", "Notification")
			.put("MessageId", UUID.randomUUID().toString())
			.put("TopicArn", LambdaEvents.TOPIC)
			.put("Message", SampleEvents.json(EventType.ORDER_PLACED, eventId))
			.put("Timestamp", "2026-01-01T00:00:00.000Z")
			.put("SignatureVersion", "2")
			.put("Signature", "c2lnbmF0dXJl")
			.put("SigningCertUrl", "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem")
			.put("UnsubscribeUrl", "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe");
		sns.putObject("MessageAttributes").putObject("tenant").put("Type", "String").put("Value", tenant.slug());
		ObjectNode record = JSON.createObjectNode()
			.put("EventSource", "aws:sns")
			.put("EventVersion", "1.0")
			.put("EventSubscriptionArn", LambdaEvents.TOPIC + ":6f1d5bd6-0000-4000-8000-000000000000");
		record.set("Sns", sns);
		ObjectNode event = JSON.createObjectNode();
		event.putArray("Records").add(record);
		return event.toString();
	}

	private static String sqsEvent(String... idsAndBodies) {
		ObjectNode event = JSON.createObjectNode();
		var records = event.putArray("Records");
		for (int i = 0; i < idsAndBodies.length; i += 2) {
			ObjectNode record = records.addObject()
				.put("messageId", idsAndBodies[i])
				.put("receiptHandle", "AQEB" + i)
				.put("body", idsAndBodies[i + 1])
				.put("md5OfBody", "0")
				.put("eventSource", "aws:sqs")
				.put("eventSourceARN", "arn:aws:sqs:eu-west-1:123456789012:herald-deliveries")
				.put("awsRegion", "eu-west-1");
			record.putObject("attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp", "1767225600000");
			record.putObject("messageAttributes");
		}
		return event.toString();
	}

	private static String httpEvent(String method, String key, String body) {
		ObjectNode event = JSON.createObjectNode()
			.put("version", "2.0")
			.put("routeKey", "POST /api/v1/events")
			.put("rawPath", "/api/v1/events")
			.put("rawQueryString", "")
			.put("body", body)
			.put("isBase64Encoded", false);
		event.putObject("headers").put("authorization", "Bearer " + key).put("content-type", "application/json");
		ObjectNode context = event.putObject("requestContext")
			.put("accountId", "123456789012")
			.put("apiId", "api")
			.put("requestId", "r-" + UUID.randomUUID())
			.put("routeKey", "POST /api/v1/events")
			.put("stage", "$default")
			.put("timeEpoch", 1767225600000L);
		context.putObject("http").put("method", method).put("path", "/api/v1/events").put("protocol", "HTTP/1.1")
			.put("sourceIp", "203.0.113.7").put("userAgent", "curl/8");
		return event.toString();
	}

	/** One invocation: its answer, and what it wrote to standard output (JSON log lines and EMF lines). */
	record Invocation(String requestId, String answer, String output) {

		List<JsonNode> lines() {
			List<JsonNode> lines = new ArrayList<>();
			for (String line : this.output.split("\n")) {
				if (line.startsWith("{")) {
					lines.add(JSON.readTree(line));
				}
			}
			return lines;
		}

		List<JsonNode> emf() {
			return lines().stream().filter((line) -> line.has("_aws")).toList();
		}

		List<JsonNode> logs() {
			return lines().stream().filter((line) -> !line.has("_aws")).toList();
		}

	}

}
