package dev.herald.e2e.lambda;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The artifact's {@code providerStatusSns} as Lambda runs it (the real Runtime Interface Client, one warm execution
 * environment), told which tenant each SES event topic carries as the deployment tells it: an SES bounce on the
 * shop's own topic, as a configuration set's SNS destination publishes it, lands in the delivery's history and
 * suppresses the address; a record from a topic mapped to no tenant fails the invocation, so Lambda retries it and
 * then dead-letters it. Skipped, with the reason, while the artifact has not been built.
 */
class SesStatusLambdaIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestDatabase database;

	private static LocalSqs sqs;

	private static Shop shop;

	private static LambdaFunction ingest;

	private static LambdaFunction providerStatus;

	private static String topicName;

	private static Map<String, String> statusEnvironment;

	@BeforeAll
	static void startFunctions() throws Exception {
		if (!HeraldLambda.built()) {
			return;
		}
		database = TestDatabase.shared();
		sqs = LocalSqs.start();
		String queueUrl = sqs.createQueue("herald-deliveries-ses-status", Duration.ofMinutes(6), 5);
		shop = Shop.create(database.jdbcClient());
		topicName = "herald-ses-events-" + shop.slug();
		Map<String, String> environment = HeraldLambda.environment(database, sqs.endpoint(), queueUrl, 2525);
		ingest = LambdaFunction.start(HeraldLambda.function("herald-ingest-for-status", "ingestSns", environment));
		Map<String, String> status = new java.util.LinkedHashMap<>(environment);
		statusEnvironment = status;
		// As the deploy stack sets it: no sealing key, and each SES event topic mapped to its tenant.
		status.remove("HERALD_SECRETS_KEY");
		status.put("HERALD_FUNCTIONS_STATUS_SESTOPICS", topicArn(topicName) + "=" + shop.slug());
		providerStatus = LambdaFunction.start(HeraldLambda.function("herald-provider-status", "providerStatusSns",
				status));
	}

	@BeforeEach
	void requireTheArtifact() {
		assumeTrue(HeraldLambda.built(), HeraldLambda::notBuilt);
	}

	@AfterAll
	static void stopFunctions() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { ingest, providerStatus, sqs }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	void anSesBounceOnTheShopsTopicIsInTheDeliverysHistoryOnceAndSuppressesTheAddress() throws Exception {
		JsonNode order = HeraldLambda.orderPlaced();
		assertSucceeded(ingest, ingest.invoke(HeraldLambda.snsNotification(shop, order, UUID.randomUUID().toString())));
		UUID delivery = deliveryId(order.get("id").asString());
		String customer = order.get("data").get("customer").get("email").asString();
		String notification = AwsEvents.snsEvent(topicName, UUID.randomUUID().toString(),
				sesBounce(delivery, customer), Map.of());

		InvocationResult first = providerStatus.invoke(notification);
		InvocationResult again = providerStatus.invoke(notification);

		assertSucceeded(providerStatus, first);
		JsonNode record = JSON.readTree(first.body()).get("records").get(0);
		assertThat(record.get("result").asString()).as(first.body()).isEqualTo("applied");
		assertThat(record.get("deliveryId").asString()).isEqualTo(delivery.toString());
		assertSucceeded(providerStatus, again);
		assertThat(JSON.readTree(again.body()).get("records").get(0).get("result").asString()).isEqualTo("duplicate");
		assertThat(history(delivery)).containsExactly("bounced");
		assertThat(suppressionReason(customer)).isEqualTo("hard_bounce");
		assertThat(java.nio.file.Files.readString(providerStatus.log())).as("EMF").contains("\"StatusEventsMatched\":1");
	}

	@Test
	void aRecordFromATopicMappedToNoTenantFailsTheInvocationAndChangesNothing() throws Exception {
		JsonNode order = HeraldLambda.orderPlaced();
		assertSucceeded(ingest, ingest.invoke(HeraldLambda.snsNotification(shop, order, UUID.randomUUID().toString())));
		UUID delivery = deliveryId(order.get("id").asString());

		InvocationResult result = providerStatus.invoke(AwsEvents.snsEvent("someone-elses-ses-events",
				UUID.randomUUID().toString(), sesBounce(delivery, "someone@example.com"), Map.of()));

		assertThat(result).as(result.body()).isInstanceOf(InvocationResult.Error.class);
		assertThat(result.body()).contains("maps to no tenant");
		assertThat(history(delivery)).isEmpty();
		assertThat(suppressionReason("someone@example.com")).isNull();
	}

	@Test
	void withSnapStartTheFunctionPrimesWithoutTheQueueAndAppliesItsFirstEventAfterTheRestore() throws Exception {
		try (LambdaFunction restored = LambdaFunction
			.start(HeraldLambda.function("herald-provider-status-snapstart", "providerStatusSns", statusEnvironment)
				.withSnapStart())) {
			restored.awaitCheckpoint();
			restored.runtime().restore();
			JsonNode order = HeraldLambda.orderPlaced();
			assertSucceeded(ingest,
					ingest.invoke(HeraldLambda.snsNotification(shop, order, UUID.randomUUID().toString())));
			UUID delivery = deliveryId(order.get("id").asString());

			InvocationResult result = restored.invoke(AwsEvents.snsEvent(topicName, UUID.randomUUID().toString(),
					sesBounce(delivery, "restored@example.com"), Map.of()));

			assertSucceeded(restored, result);
			assertThat(restored.runtime().restoreError()).isNotDone();
			assertThat(java.nio.file.Files.readString(restored.log())).as("primed through the function")
				.contains("Primed for the snapshot")
				.doesNotContain("while priming");
			assertThat(history(delivery)).containsExactly("bounced");
		}
	}

	private static String topicArn(String name) {
		return "arn:aws:sns:" + LambdaRuntimeApi.REGION + ":" + LambdaRuntimeApi.ACCOUNT + ":" + name;
	}

	/**
	 * A permanent bounce as SES publishes it, carrying the {@code herald-delivery-id} tag Herald's SES channel puts on
	 * every message (the deliveries here went out over SMTP, so SES's message id matches none of them).
	 */
	private static String sesBounce(UUID delivery, String recipient) {
		String now = Instant.now().toString();
		ObjectNode event = JSON.createObjectNode();
		event.put("eventType", "Bounce");
		ObjectNode bounce = event.putObject("bounce");
		bounce.put("bounceType", "Permanent");
		bounce.put("bounceSubType", "General");
		ObjectNode bounced = bounce.putArray("bouncedRecipients").addObject();
		bounced.put("emailAddress", recipient);
		bounced.put("action", "failed");
		bounced.put("status", "5.1.1");
		bounced.put("diagnosticCode", "smtp; 550 5.1.1 user unknown");
		bounce.put("timestamp", now);
		bounce.put("feedbackId", "0100019" + UUID.randomUUID().toString().replace("-", "") + "-000000");
		ObjectNode mail = event.putObject("mail");
		mail.put("timestamp", now);
		mail.put("source", "orders@lambda-shop.example");
		mail.put("messageId", "0100019" + UUID.randomUUID().toString().replace("-", "") + "-000000");
		mail.putArray("destination").add(recipient);
		ObjectNode tags = mail.putObject("tags");
		tags.putArray("herald-delivery-id").add(delivery.toString());
		tags.putArray("ses:configuration-set").add("HeraldSesEventsLambdaShop");
		return JSON.writeValueAsString(event);
	}

	private static UUID deliveryId(String eventId) {
		List<UUID> ids = database.jdbcClient().sql("""
				select d.id from deliveries d join events e on e.tenant_id = d.tenant_id and e.id = d.event_ref
				where e.tenant_id = :tenant and e.event_id = :eventId
				""")
			.param("tenant", shop.tenant().id().value())
			.param("eventId", eventId)
			.query(UUID.class)
			.list();
		assertThat(ids).as("one email to the customer").hasSize(1);
		return ids.getFirst();
	}

	private static List<String> history(UUID delivery) {
		return database.jdbcClient()
			.sql("select status from delivery_status_events where tenant_id = :tenant and delivery_id = :id order by id")
			.param("tenant", shop.tenant().id().value())
			.param("id", delivery)
			.query(String.class)
			.list();
	}

	private static String suppressionReason(String address) {
		return database.jdbcClient()
			.sql("select reason from suppressions where tenant_id = :tenant and channel = 'email' "
					+ "and lower(address) = lower(:address)")
			.param("tenant", shop.tenant().id().value())
			.param("address", address)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private static void assertSucceeded(LambdaFunction function, InvocationResult result) {
		assertThat(result).as(() -> "the answer of " + function.log().getFileName() + ": " + result.body() + "\n"
				+ function.tail()).isInstanceOf(InvocationResult.Response.class);
	}

}
