package dev.herald.events.publisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.herald.events.CloudEvent;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.publisher.FakeSns.Failure;
import dev.herald.events.publisher.ScriptedHttpServer.Request;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The SNS transport with the real {@link SnsClient}, against a local stand-in for SNS that reads its wire format. */
class SnsEventPublisherIntegrationTests {

	private static final String ORDERS = "arn:aws:sns:eu-west-1:123456789012:dongne-orders";

	private static final String PAYMENTS = "arn:aws:sns:eu-west-1:123456789012:dongne-payments";

	private static final String SHIPPING = "arn:aws:sns:eu-west-1:123456789012:dongne-shipping";

	private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100));

	private final EventBuilders events = EventBuilders.from("https://dongne-market.example.com");

	private ScriptedHttpServer server;

	private SnsClient sns;

	private SnsEventPublisher publisher;

	@BeforeEach
	void start() throws Exception {
		this.server = new ScriptedHttpServer();
		this.sns = SnsClient.builder()
			.endpointOverride(this.server.url())
			.region(Region.EU_WEST_1)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(FakeSns.ACCESS_KEY_ID, FakeSns.SECRET_ACCESS_KEY)))
			.httpClient(UrlConnectionHttpClient.create())
			// The script answers each request once; the SDK's own retries would take answers meant for the publisher's.
			.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
			.build();
		this.publisher = new SnsEventPublisher(this.sns,
				SnsPublisherSettings.topicPerFamily("dongne-market", ORDERS, PAYMENTS, SHIPPING).withRetry(FAST));
	}

	@AfterEach
	void stop() {
		this.sns.close();
		this.server.close();
	}

	@Test
	void publishesTheCloudEventWithItsTypeAndTenantAsMessageAttributes() {
		CloudEvent event = event(EventType.PAYMENT_SUCCEEDED);
		this.server.answer(FakeSns.published("94f20ce6-13c5-43a0-9a9e-ca52d816e90b"));

		PublishResult result = this.publisher.publish(event);

		assertThat(result).isEqualTo(new PublishResult.Sent(event.id(), "94f20ce6-13c5-43a0-9a9e-ca52d816e90b"));
		Map<String, String> form = FakeSns.form(this.server.requests().getFirst());
		assertThat(FakeSns.messageAttributes(form, "")).containsExactly(Map.entry("tenant", "String=dongne-market"),
				Map.entry("type", "String=payment.succeeded"));
		Map<String, String> rest = new LinkedHashMap<>(form);
		rest.keySet().removeIf((key) -> key.startsWith("MessageAttributes."));
		assertThat(rest).containsOnly(Map.entry("Action", "Publish"), Map.entry("Version", "2010-03-31"),
				Map.entry("TopicArn", PAYMENTS), Map.entry("Message", event.toJson()));
	}

	@Test
	void sendsEachFamilyToItsTopic() {
		for (int i = 0; i < 3; i++) {
			this.server.answer(FakeSns.published("m" + i));
		}

		this.publisher.publish(event(EventType.ORDER_CANCELLED));
		this.publisher.publish(event(EventType.SHIPMENT_OUT_FOR_DELIVERY));
		this.publisher.publish(event(EventType.PAYMENT_REFUNDED));

		assertThat(this.server.requests()).extracting((request) -> FakeSns.form(request).get("TopicArn"))
			.containsExactly(ORDERS, SHIPPING, PAYMENTS);
	}

	@Test
	void publishesManyEventsInBatchesOfTenPerTopic() {
		List<CloudEvent> all = new ArrayList<>();
		IntStream.range(0, 12).forEach((i) -> all.add(event(EventType.PAYMENT_SUCCEEDED)));
		all.add(5, event(EventType.ORDER_PLACED));
		for (int i = 0; i < 3; i++) {
			this.server.answer(FakeSnsAnswers::allPublished);
		}

		List<PublishResult> results = this.publisher.publishAll(all);

		assertThat(results).hasSize(13);
		for (int i = 0; i < all.size(); i++) {
			assertThat(results.get(i)).isEqualTo(new PublishResult.Sent(all.get(i).id(), "msg-" + i));
		}
		List<Request> requests = this.server.requests();
		assertThat(requests).hasSize(3);
		List<Map<String, String>> forms = requests.stream().map(FakeSns::form).toList();
		assertThat(forms).extracting((form) -> form.get("TopicArn")).containsExactly(PAYMENTS, PAYMENTS, ORDERS);
		assertThat(forms).extracting((form) -> FakeSns.batchEntries(form).size()).containsExactly(10, 2, 1);
		Map<String, String> first = FakeSns.batchEntries(forms.getFirst()).getFirst();
		assertThat(first).containsEntry("Id", "0").containsEntry("Message", all.getFirst().toJson());
		assertThat(FakeSns.messageAttributes(first, "")).containsExactly(Map.entry("tenant", "String=dongne-market"),
				Map.entry("type", "String=payment.succeeded"));
		assertThat(first).hasSize(2 + 3 * 2);
		assertThat(forms.getLast().keySet()).containsOnly("Action", "Version", "TopicArn",
				"PublishBatchRequestEntries.member.1.Id", "PublishBatchRequestEntries.member.1.Message",
				"PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name",
				"PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType",
				"PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue",
				"PublishBatchRequestEntries.member.1.MessageAttributes.entry.2.Name",
				"PublishBatchRequestEntries.member.1.MessageAttributes.entry.2.Value.DataType",
				"PublishBatchRequestEntries.member.1.MessageAttributes.entry.2.Value.StringValue");
	}

	@Test
	void aBatchStaysWithinSnssLimitOf256KiBForAllItsMessages() {
		List<CloudEvent> all = IntStream.range(0, 3).mapToObj((i) -> largeOrder()).toList();
		assertThat(all.getFirst().toJson().length()).isBetween(100_000, 130_000);
		this.server.answer(FakeSnsAnswers::allPublished).answer(FakeSnsAnswers::allPublished);

		List<PublishResult> results = this.publisher.publishAll(all);

		assertThat(results).extracting(PublishResult::getClass).containsOnly(PublishResult.Sent.class);
		assertThat(this.server.requests()).extracting((request) -> FakeSns.batchEntries(FakeSns.form(request)).size())
			.containsExactly(2, 1);
	}

	@Test
	void anEntrySnsFailedIsSentAgainAloneAndThenPublished() {
		List<CloudEvent> all = List.of(event(EventType.SHIPMENT_DISPATCHED), event(EventType.SHIPMENT_DELIVERED),
				event(EventType.SHIPMENT_DISPATCHED));
		this.server.answer(FakeSns.batchPublished(Map.of("0", "msg-0", "2", "msg-2"),
				List.of(new Failure("1", "InternalError", "Internal Error", false))))
			.answer(FakeSns.batchPublished(Map.of("1", "msg-1-again"), List.of()));

		List<PublishResult> results = this.publisher.publishAll(all);

		assertThat(results).containsExactly(new PublishResult.Sent(all.get(0).id(), "msg-0"),
				new PublishResult.Sent(all.get(1).id(), "msg-1-again"), new PublishResult.Sent(all.get(2).id(), "msg-2"));
		List<Map<String, String>> retried = FakeSns.batchEntries(FakeSns.form(this.server.requests().get(1)));
		assertThat(retried).hasSize(1);
		assertThat(retried.getFirst()).containsEntry("Id", "1").containsEntry("Message", all.get(1).toJson());
	}

	@Test
	void anEntryThatKeepsFailingIsReportedAsFailedAfterTheLastTry() {
		List<CloudEvent> all = List.of(event(EventType.ORDER_PLACED), event(EventType.ORDER_CANCELLED));
		this.server.answer(FakeSns.batchPublished(Map.of("0", "msg-0"),
				List.of(new Failure("1", "Throttled", "Rate exceeded", false))));
		this.server.answer(FakeSns.batchPublished(Map.of(), List.of(new Failure("1", "Throttled", "Rate exceeded", false))));
		this.server.answer(FakeSns.batchPublished(Map.of(), List.of(new Failure("1", "Throttled", "Rate exceeded", false))));

		List<PublishResult> results = this.publisher.publishAll(all);

		assertThat(results).containsExactly(new PublishResult.Sent(all.get(0).id(), "msg-0"),
				new PublishResult.Failed(all.get(1).id(), "Throttled: Rate exceeded", 3));
		assertThat(this.server.requests()).hasSize(3);
	}

	@Test
	void anEntrySnsRefusesAsTheSendersFaultIsRejectedAndNotSentAgain() {
		List<CloudEvent> all = List.of(event(EventType.ORDER_PLACED), event(EventType.ORDER_CANCELLED));
		this.server.answer(FakeSns.batchPublished(Map.of("1", "msg-1"), List.of(new Failure("0", "InvalidParameter",
				"Invalid parameter: Message too long", true))));

		List<PublishResult> results = this.publisher.publishAll(all);

		assertThat(results).containsExactly(
				new PublishResult.Rejected(all.get(0).id(),
						List.of(new Problem("$", "SNS refused the message: InvalidParameter: Invalid parameter: Message too long"))),
				new PublishResult.Sent(all.get(1).id(), "msg-1"));
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void anEntrySnsDoesNotReportOnIsSentAgainNotDropped() {
		List<CloudEvent> all = List.of(event(EventType.ORDER_PLACED), event(EventType.ORDER_CANCELLED));
		this.server.answer(FakeSns.batchPublished(Map.of("0", "msg-0"), List.of()))
			.answer(FakeSns.batchPublished(Map.of("1", "msg-1"), List.of()));

		List<PublishResult> results = this.publisher.publishAll(all);

		assertThat(results).extracting(PublishResult::getClass).containsOnly(PublishResult.Sent.class);
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void aBatchSnsRefusesAsAWholeIsPublishedOneByOneToFindTheCulprit() {
		List<CloudEvent> all = List.of(event(EventType.ORDER_PLACED), event(EventType.ORDER_CANCELLED));
		this.server.answer(FakeSns.error(400, "InvalidParameter", "Invalid parameter: Message too long"))
			.answer(FakeSns.error(400, "InvalidParameter", "Invalid parameter: Message too long"))
			.answer(FakeSns.published("m-2"));

		List<PublishResult> results = this.publisher.publishAll(all);

		assertThat(results).containsExactly(
				new PublishResult.Rejected(all.get(0).id(),
						List.of(new Problem("$", "SNS refused the message: InvalidParameter: Invalid parameter: Message too long"))),
				new PublishResult.Sent(all.get(1).id(), "m-2"));
		assertThat(this.server.requests()).extracting((request) -> FakeSns.form(request).get("Action"))
			.containsExactly("PublishBatch", "Publish", "Publish");
	}

	@Test
	void aThrottledPublishIsSentAgain() {
		CloudEvent event = event(EventType.PAYMENT_FAILED);
		this.server.answer(FakeSns.error(400, "Throttling", "Rate exceeded"))
			.answer(FakeSns.error(500, "InternalError", "Internal Error"))
			.answer(FakeSns.published("m-3"));

		assertThat(this.publisher.publish(event)).isEqualTo(new PublishResult.Sent(event.id(), "m-3"));
		assertThat(this.server.requests()).extracting((request) -> FakeSns.form(request).get("Message"))
			.containsOnly(event.toJson());
	}

	@Test
	void aWholeBatchThrottledIsSentAgain() {
		List<CloudEvent> all = List.of(event(EventType.ORDER_PLACED), event(EventType.ORDER_CANCELLED));
		this.server.answer(FakeSns.error(400, "Throttling", "Rate exceeded")).answer(FakeSnsAnswers::allPublished);

		List<PublishResult> results = this.publisher.publishAll(all);

		assertThat(results).containsExactly(new PublishResult.Sent(all.get(0).id(), "msg-0"),
				new PublishResult.Sent(all.get(1).id(), "msg-1"));
	}

	@Test
	void aMessageSnsRefusesIsRejectedWithSnsReason() {
		CloudEvent event = event(EventType.ORDER_PLACED);
		this.server.answer(FakeSns.error(400, "InvalidParameter", "Invalid parameter: Message too long"));

		assertThat(this.publisher.publish(event)).isEqualTo(new PublishResult.Rejected(event.id(),
				List.of(new Problem("$", "SNS refused the message: InvalidParameter: Invalid parameter: Message too long"))));
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void refusedCredentialsThrowAndAreNotRetried() {
		this.server.answer(FakeSns.error(403, "InvalidClientTokenId", "The security token included in the request is invalid."));

		assertThatExceptionOfType(PublishException.class)
			.isThrownBy(() -> this.publisher.publish(event(EventType.ORDER_PLACED)))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.reasons()).containsExactly(new Problem("$",
						"InvalidClientTokenId: The security token included in the request is invalid."));
			})
			.withMessageContaining(ORDERS);
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void anUnknownTopicThrowsForTheBatch() {
		this.server.answer(FakeSns.error(404, "NotFound", "Topic does not exist"));

		assertThatExceptionOfType(PublishException.class)
			.isThrownBy(() -> this.publisher.publishAll(List.of(event(EventType.ORDER_PLACED), event(EventType.ORDER_PLACED))))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(404));
	}

	/** An order of about 110 KB: 100 lines with long product names. */
	private CloudEvent largeOrder() {
		OrderPlacedBuilder order = (OrderPlacedBuilder) EventBuildersTests.Events.minimal(this.events, EventType.ORDER_PLACED);
		for (int i = 0; i < 100; i++) {
			order.line("SKU-" + i, "Hand-thrown celadon tea bowl, glaze no. " + i + " ".repeat(1000) + "(gift-wrapped)", 1,
					"18000", "18000");
		}
		return order.build();
	}

	private CloudEvent event(EventType type) {
		return EventBuildersTests.Events.minimal(this.events, type).build();
	}

	/** Answers that depend on the request. */
	private static final class FakeSnsAnswers {

		/** Every entry of the batch published, as message {@code msg-<entry id>}. */
		static ScriptedHttpServer.Answer allPublished(Request request) {
			Map<String, String> successful = new LinkedHashMap<>();
			java.util.regex.Matcher ids = java.util.regex.Pattern
				.compile("PublishBatchRequestEntries\\.member\\.\\d+\\.Id=(\\d+)")
				.matcher(request.body());
			while (ids.find()) {
				successful.put(ids.group(1), "msg-" + ids.group(1));
			}
			return FakeSns.batchPublished(successful, List.of());
		}

	}

}
