package dev.herald.e2e.lambda;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.db.testing.TestDatabase;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Herald's Lambda artifact as Lambda runs it, offline: the shaded {@code -aws} jar unzipped into a task root and run by
 * the real Runtime Interface Client, one process per function ({@code ingestSns}, {@code deliverSqs}) as one warm
 * execution environment each; the machine's PostgreSQL (a fresh migrated database), ElasticMQ for the delivery queue,
 * GreenMail for SMTP. The tests play SNS and the SQS event source mapping: they build the events Lambda would, from
 * what is really on the queue. Skipped, with the reason, while the artifact has not been built.
 */
class SnsToSqsToEmailLambdaIntegrationTests {

	/** Whether deliverSqs names a record it cannot read in batchItemFailures (true) or acknowledges it (false). */
	static final boolean POISON_IS_REPORTED = true;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestDatabase database;

	private static LocalSqs sqs;

	private static String queueUrl;

	private static GreenMail smtp;

	private static Shop shop;

	private static LambdaFunction ingest;

	private static LambdaFunction deliver;

	@BeforeAll
	static void startFunctions() throws Exception {
		if (!HeraldLambda.built()) {
			// each test says why it is skipped (a class-level skip would not show its reason in the reports)
			return;
		}
		database = TestDatabase.shared();
		sqs = LocalSqs.start();
		queueUrl = sqs.createQueue("herald-deliveries", Duration.ofMinutes(6), 5);
		smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		smtp.start();
		shop = Shop.create(database.jdbcClient());
		ingest = LambdaFunction.start(herald("herald-ingest-sns", "ingestSns"));
		deliver = LambdaFunction.start(herald("herald-deliver-sqs", "deliverSqs"));
	}

	@BeforeEach
	void requireTheArtifact() {
		assumeTrue(HeraldLambda.built(), HeraldLambda::notBuilt);
	}

	@AfterAll
	static void stopFunctions() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { ingest, deliver, sqs }) {
			if (closeable != null) {
				closeable.close();
			}
		}
		if (smtp != null) {
			smtp.stop();
		}
	}

	private static LambdaFunction.Spec herald(String name, String function) {
		return HeraldLambda.function(name, function,
				HeraldLambda.environment(database, sqs.endpoint(), queueUrl, smtp.getSmtp().getPort()));
	}

	@Test
	void anOrderPlacedNotificationFromSnsIsStoredAndItsDeliveriesAreEnqueuedOnSqs() throws Exception {
		JsonNode event = orderPlaced();
		String eventId = event.get("id").asString();

		InvocationResult result = ingest.invoke(snsNotification(event, UUID.randomUUID().toString()));

		assertSucceeded(ingest, result);
		assertThat(storedEvents(eventId)).isEqualTo(1);
		List<UUID> deliveries = deliveryIds(eventId);
		assertThat(deliveries).as("one email to the customer").hasSize(1);
		List<Message> messages = sqs.receive(queueUrl, mentionsAny(deliveries), deliveries.size(),
				Duration.ofSeconds(20), Duration.ofSeconds(1));
		assertOnePerDelivery(messages, deliveries);
		sqs.delete(queueUrl, messages);
	}

	@Test
	void theSameSnsMessageDeliveredTwiceMakesOneSetOfDeliveriesAndOneEmail() throws Exception {
		JsonNode event = orderPlaced();
		String eventId = event.get("id").asString();
		String notification = snsNotification(event, UUID.randomUUID().toString());

		assertSucceeded(ingest, ingest.invoke(notification));
		assertSucceeded(ingest, ingest.invoke(notification));

		assertThat(storedEvents(eventId)).isEqualTo(1);
		List<UUID> deliveries = deliveryIds(eventId);
		assertThat(deliveries).hasSize(1);
		// The second ingestion may queue the unclaimed delivery again (the first may have failed to queue it after
		// its commit): what must hold is that handing everything on the queue to deliverSqs sends one email.
		List<Message> messages = sqs.receive(queueUrl, mentionsAny(deliveries), deliveries.size(),
				Duration.ofSeconds(20), Duration.ofSeconds(3));
		assertThat(messages).isNotEmpty().allMatch(mentionsAny(deliveries));
		InvocationResult delivered = deliver.invoke(AwsEvents.sqsEvent(sqs.queueArn(queueUrl), messages));
		assertSucceeded(deliver, delivered);
		assertThat(JSON.readTree(delivered.body()).get("batchItemFailures").isEmpty()).as(delivered.body()).isTrue();
		sqs.delete(queueUrl, messages);
		await().atMost(Duration.ofSeconds(10)).until(() -> mailsFor(deliveries).size() >= deliveries.size());
		Thread.sleep(1000);
		assertThat(mailsFor(deliveries)).hasSize(deliveries.size());
	}

	@Test
	void anSqsBatchWithOnePoisonousRecordFailsExactlyThatRecordAndTheOthersArriveAsEmails() throws Exception {
		JsonNode first = orderPlaced();
		JsonNode second = orderPlaced();
		assertSucceeded(ingest, ingest.invoke(snsNotification(first, UUID.randomUUID().toString())));
		assertSucceeded(ingest, ingest.invoke(snsNotification(second, UUID.randomUUID().toString())));
		List<UUID> deliveries = concat(deliveryIds(first.get("id").asString()),
				deliveryIds(second.get("id").asString()));
		List<Message> received = sqs.receive(queueUrl, mentionsAny(deliveries), deliveries.size(),
				Duration.ofSeconds(20), Duration.ofMillis(500));
		assertOnePerDelivery(received, deliveries);
		Message poison = AwsEvents.foreignMessage("this is not a delivery");
		List<Message> batch = List.of(received.get(0), poison, received.get(1));

		InvocationResult result = deliver.invoke(AwsEvents.sqsEvent(sqs.queueArn(queueUrl), batch));

		assertSucceeded(deliver, result);
		JsonNode response = JSON.readTree(result.body());
		assertThat(response.get("batchItemFailures").valueStream()
			.map((failure) -> failure.get("itemIdentifier").asString())
			.toList()).isEqualTo(POISON_IS_REPORTED ? List.of(poison.messageId()) : List.of());
		sqs.delete(queueUrl, received);
		List<MimeMessage> mails = await().atMost(Duration.ofSeconds(10))
			.until(() -> mailsFor(deliveries), (found) -> found.size() >= deliveries.size());
		assertThat(mails).hasSize(deliveries.size());
		for (MimeMessage mail : mails) {
			assertThat(((InternetAddress) mail.getAllRecipients()[0]).getAddress())
				.isEqualTo(first.get("data").get("customer").get("email").asString());
			assertThat(mail.getSubject()).isEqualTo("Order " + first.get("data").get("orderNumber").asString()
					+ " confirmed");
		}
		assertThat(deliveries).allSatisfy((id) -> assertThat(deliveryState(id)).isEqualTo("delivered"));
	}

	@Test
	void withSnapStartTheIngestFunctionCheckpointsAfterInitAndAnswersItsFirstEventAfterTheRestore() throws Exception {
		try (LambdaFunction restored = LambdaFunction.start(herald("herald-ingest-sns-snapstart", "ingestSns")
			.withSnapStart())) {
			restored.awaitCheckpoint();
			restored.runtime().restore();
			JsonNode event = orderPlaced();

			InvocationResult result = restored.invoke(snsNotification(event, UUID.randomUUID().toString()));

			assertSucceeded(restored, result);
			assertThat(restored.runtime().restoreError()).isNotDone();
			assertThat(java.nio.file.Files.readString(restored.log())).as("primed through the function, SQS reached")
				.contains("Primed for the snapshot")
				.doesNotContain("while priming");
			List<UUID> deliveries = deliveryIds(event.get("id").asString());
			assertThat(deliveries).hasSize(1);
			sqs.delete(queueUrl, sqs.receive(queueUrl, mentionsAny(deliveries), deliveries.size(),
					Duration.ofSeconds(20), Duration.ZERO));
		}
	}

	@Test
	void aDeadLetteredDeliveryMessageIsReplayedWithoutTheSealingKeyAndArrivesAsAnEmailWhilePoisonStays()
			throws Exception {
		JsonNode event = orderPlaced();
		assertSucceeded(ingest, ingest.invoke(snsNotification(event, UUID.randomUUID().toString())));
		List<UUID> deliveries = deliveryIds(event.get("id").asString());
		List<Message> published = sqs.receive(queueUrl, mentionsAny(deliveries), deliveries.size(),
				Duration.ofSeconds(20), Duration.ZERO);
		// A queue pair of its own, so that no other test's message is replayed. What the redrive policy does to a
		// message whose processing kept failing: it moves to the dead-letter queue.
		String replayQueueUrl = sqs.createQueue("herald-replayed", Duration.ofMinutes(6), 5);
		String deadLetterQueueUrl = sqs.client().getQueueUrl((get) -> get.queueName("herald-replayed-dlq")).queueUrl();
		sqs.client().sendMessage((send) -> send.queueUrl(deadLetterQueueUrl).messageBody(published.getFirst().body()));
		sqs.delete(queueUrl, published);
		String poison = sqs.client()
			.sendMessage((send) -> send.queueUrl(deadLetterQueueUrl).messageBody("this is not a delivery"))
			.messageId();
		java.util.Map<String, String> environment = new java.util.LinkedHashMap<>(
				HeraldLambda.environment(database, sqs.endpoint(), replayQueueUrl, smtp.getSmtp().getPort()));
		environment.remove("HERALD_SECRETS_KEY");
		environment.put("HERALD_DELIVERY_DLQ_URL", deadLetterQueueUrl);

		try (LambdaFunction replay = LambdaFunction
			.start(HeraldLambda.function("herald-replay-dead-letters", "replayDeadLetters", environment))) {
			InvocationResult result = replay.invoke("{\"max\": 100}");

			assertSucceeded(replay, result);
			JsonNode report = JSON.readTree(result.body());
			assertThat(report.get("replayed").asInt()).as(result.body()).isOne();
			assertThat(report.get("poison").asInt()).as(result.body()).isOne();
			assertThat(report.get("poisonMessages").get(0).get("messageId").asString()).isEqualTo(poison);
			assertThat(report.get("more").asBoolean()).isFalse();
		}
		List<Message> replayed = sqs.receive(replayQueueUrl, mentionsAny(deliveries), deliveries.size(),
				Duration.ofSeconds(20), Duration.ZERO);
		assertOnePerDelivery(replayed, deliveries);
		assertSucceeded(deliver, deliver.invoke(AwsEvents.sqsEvent(sqs.queueArn(replayQueueUrl), replayed)));
		sqs.delete(replayQueueUrl, replayed);
		await().atMost(Duration.ofSeconds(10)).until(() -> mailsFor(deliveries).size() >= deliveries.size());
		assertThat(deliveries).allSatisfy((id) -> assertThat(deliveryState(id)).isEqualTo("delivered"));
		List<Message> left = sqs.receive(deadLetterQueueUrl, (message) -> true, 1, Duration.ofSeconds(5),
				Duration.ofSeconds(1));
		assertThat(left).extracting(Message::messageId).containsExactly(poison);
		sqs.delete(deadLetterQueueUrl, left);
	}

	private static JsonNode orderPlaced() {
		return HeraldLambda.orderPlaced();
	}

	private static String snsNotification(JsonNode event, String messageId) {
		return HeraldLambda.snsNotification(shop, event, messageId);
	}

	private static void assertSucceeded(LambdaFunction function, InvocationResult result) {
		assertThat(result).as(() -> "the answer of " + function.log().getFileName() + ": " + result.body() + "\n"
				+ function.tail()).isInstanceOf(InvocationResult.Response.class);
	}

	private static void assertOnePerDelivery(List<Message> messages, List<UUID> deliveries) {
		assertThat(messages).as("messages on the queue").hasSize(deliveries.size());
		for (UUID delivery : deliveries) {
			assertThat(messages).filteredOn(mentionsAny(List.of(delivery))).as("messages for delivery " + delivery)
				.hasSize(1);
		}
	}

	/** A message that carries one of these deliveries' ids, in its body or an attribute. */
	private static Predicate<Message> mentionsAny(List<UUID> deliveries) {
		return (message) -> deliveries.stream().map(UUID::toString).anyMatch((id) -> message.body().contains(id)
				|| message.messageAttributes().values().stream().anyMatch((value) -> id.equals(value.stringValue())));
	}

	private static int storedEvents(String eventId) {
		return database.jdbcClient()
			.sql("select count(*) from events where tenant_id = :tenant and event_id = :eventId")
			.param("tenant", shop.tenant().id().value())
			.param("eventId", eventId)
			.query(Integer.class)
			.single();
	}

	private static List<UUID> deliveryIds(String eventId) {
		return database.jdbcClient().sql("""
				select d.id from deliveries d join events e on e.tenant_id = d.tenant_id and e.id = d.event_ref
				where e.tenant_id = :tenant and e.event_id = :eventId order by d.id
				""")
			.param("tenant", shop.tenant().id().value())
			.param("eventId", eventId)
			.query(UUID.class)
			.list();
	}

	private static String deliveryState(UUID deliveryId) {
		return database.jdbcClient()
			.sql("select state from deliveries where id = :id")
			.param("id", deliveryId)
			.query(String.class)
			.single();
	}

	private static List<MimeMessage> mailsFor(List<UUID> deliveries) {
		List<String> ids = deliveries.stream().map(UUID::toString).toList();
		return Arrays.stream(smtp.getReceivedMessages()).filter((message) -> {
			try {
				String[] header = message.getHeader("X-Herald-Delivery-Id");
				return header != null && ids.contains(header[0]);
			}
			catch (Exception ex) {
				return false;
			}
		}).toList();
	}

	private static <T> List<T> concat(List<T> first, List<T> second) {
		return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
