package dev.herald.channels.push.webpush;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;
import dev.herald.channels.push.webpush.FakePushService.Answer;
import dev.herald.channels.push.webpush.FakePushService.Received;

import static org.assertj.core.api.Assertions.assertThat;

class WebPushChannelTests {

	private final VapidKeyPair vapidKeys = VapidKeyPair.generate();

	private FakePushService pushService;

	private Browser browser;

	private PushTarget subscription;

	private Channel channel;

	@BeforeEach
	void subscribe() throws Exception {
		// The site subscribed the browser with this tenant's VAPID public key as applicationServerKey.
		this.pushService = FakePushService.start(this.vapidKeys.publicKey());
		this.browser = Browser.subscribe();
		this.subscription = this.browser.subscription(this.pushService.endpoint("gAAAAABoSubscription1"));
		this.channel = new WebPushProvider().create(TestPushes.settings(this.vapidKeys));
	}

	@AfterEach
	void stop() {
		this.pushService.close();
	}

	@Test
	void browserDecryptsTheRenderedNotificationThatThePushServiceAcceptedWithVapid() throws Exception {
		OutboundMessage message = TestPushes.notification(this.subscription, "Your order has shipped",
				"Order #1042 is on its way — “track” it here.",
				Map.of("url", "https://shop.test/orders/1042", "orderId", "1042"));
		Instant sent = Instant.now();

		DeliveryResult result = this.channel.send(message);

		Received request = this.pushService.onlyRequest();
		assertThat(result).isInstanceOfSatisfying(Delivered.class, (delivered) -> {
			assertThat(delivered.provider()).isEqualTo("webpush");
			assertThat(delivered.providerMessageId()).startsWith(this.pushService.origin() + "/m/");
		});
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.uri().getPath()).isEqualTo("/wpush/v2/gAAAAABoSubscription1");
		assertThat(request.header("TTL")).isEqualTo("86400");
		assertThat(request.header("Content-Encoding")).isEqualTo("aes128gcm");
		assertThat(request.header("Content-Type")).isEqualTo("application/octet-stream");
		assertThat(request.header("Urgency")).isEqualTo("normal");
		assertThat(request.header("Topic")).isNull();
		assertThat(request.vapidRefusal()).isNull();
		assertThat(request.vapid().audience()).isEqualTo(this.pushService.origin());
		assertThat(request.vapid().subject()).isEqualTo("mailto:ops@shop.test");
		assertThat(request.vapid().publicKey()).isEqualTo(this.vapidKeys.publicKey());
		assertThat(request.vapid().expires()).isBetween(sent.plus(Duration.ofHours(12)).minusSeconds(1),
				Instant.now().plus(Duration.ofHours(12)));
		assertThat(request.header("Content-Length")).isEqualTo(Integer.toString(request.body().length));
		assertThat(new String(this.browser.decrypt(request.body()), StandardCharsets.UTF_8))
			.isEqualTo("{\"title\":\"Your order has shipped\","
					+ "\"body\":\"Order #1042 is on its way — “track” it here.\","
					+ "\"data\":{\"orderId\":\"1042\",\"url\":\"https://shop.test/orders/1042\"},\"deliveryId\":\""
					+ message.deliveryId() + "\"}");
	}

	@Test
	void notificationWithoutTitleCarriesBodyDataAndDeliveryId() throws Exception {
		OutboundMessage message = TestPushes.notification(this.subscription, null, "Back in stock", Map.of());

		assertThat(this.channel.send(message)).isInstanceOf(Delivered.class);

		assertThat(new String(this.browser.decrypt(this.pushService.onlyRequest().body()), StandardCharsets.UTF_8))
			.isEqualTo("{\"body\":\"Back in stock\",\"data\":{},\"deliveryId\":\"" + message.deliveryId() + "\"}");
	}

	@Test
	void deliveryIdIsTheMessageIdWhenThePushServiceGivesNoLocation() {
		this.pushService.answerNext(Answer.of(201, Map.of(), ""));
		OutboundMessage message = TestPushes.notification(this.subscription);

		assertThat(this.channel.send(message)).isEqualTo(new Delivered("webpush", message.deliveryId().toString()));
	}

	@Test
	void acceptedAnswer202IsDelivered() {
		this.pushService.answerNext(Answer.of(202, Map.of("Location", "https://push.test/m/42"), ""));

		assertThat(this.channel.send(TestPushes.notification(this.subscription)))
			.isEqualTo(new Delivered("webpush", "https://push.test/m/42"));
	}

	@Test
	void highUrgencyAndTopicComeFromTheMessageData() throws Exception {
		OutboundMessage message = TestPushes.notification(this.subscription, "Payment failed", "Please retry.",
				Map.of("urgency", "high", "topic", "order-1042_payment"));

		assertThat(this.channel.send(message)).isInstanceOf(Delivered.class);

		Received request = this.pushService.onlyRequest();
		assertThat(request.header("Urgency")).isEqualTo("high");
		assertThat(request.header("Topic")).isEqualTo("order-1042_payment");
	}

	@Test
	void unknownUrgencyFallsBackToNormal() {
		this.channel.send(TestPushes.notification(this.subscription, "t", "b", Map.of("urgency", "asap")));

		assertThat(this.pushService.onlyRequest().header("Urgency")).isEqualTo("normal");
	}

	@ParameterizedTest
	@ValueSource(strings = { "order 1042", "a-topic-that-is-longer-than-32-chars", "bestellung-ä" })
	void topicOutsideTheUrlSafeAlphabetOrTooLongIsRejectedAsContentWithoutSending(String topic) {
		DeliveryResult result = this.channel
			.send(TestPushes.notification(this.subscription, "t", "b", Map.of("topic", topic)));

		assertThat(result).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.CONTENT));
		assertThat(this.pushService.received()).isEmpty();
	}

	@Test
	void ttlSettingIsSentAsTheTtlHeader() {
		Channel shortLived = new WebPushProvider().create(TestPushes.settings(this.vapidKeys, "ttlSeconds", "300"));

		assertThat(shortLived.send(TestPushes.notification(this.subscription))).isInstanceOf(Delivered.class);

		assertThat(this.pushService.onlyRequest().header("TTL")).isEqualTo("300");
	}

	static List<Object[]> answers() {
		return List.of(new Object[] { 404, Rejected.class, Cause.ADDRESS_GONE, "subscription is gone" },
				new Object[] { 410, Rejected.class, Cause.ADDRESS_GONE, "subscription is gone" },
				new Object[] { 413, Rejected.class, Cause.CONTENT, "notification is too large" },
				new Object[] { 400, Rejected.class, Cause.INVALID_ADDRESS, "push service refused the subscription" },
				new Object[] { 401, RetryLater.class, null, "push service refused the VAPID credentials" },
				new Object[] { 403, RetryLater.class, null, "push service refused the VAPID credentials" },
				new Object[] { 405, Rejected.class, Cause.OTHER, "push service refused the message" },
				new Object[] { 500, RetryLater.class, null, "push service failed" },
				new Object[] { 502, RetryLater.class, null, "push service failed" },
				new Object[] { 503, RetryLater.class, null, "push service failed" },
				new Object[] { 504, RetryLater.class, null, "push service failed" });
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("answers")
	void pushServiceAnswerIsMappedAndExplained(int status, Class<? extends DeliveryResult> kind, Cause cause,
			String reason) {
		this.pushService.answerNext(Answer.error(status, 999, "Some Error", "details for " + status));

		DeliveryResult result = this.channel.send(TestPushes.notification(this.subscription));

		assertThat(result).isInstanceOf(kind);
		String expectedDetail = "(127.0.0.1 answered " + status + ": {\"code\":" + status;
		if (result instanceof Rejected rejected) {
			assertThat(rejected.cause()).isEqualTo(cause);
			assertThat(rejected.reason()).startsWith(reason).contains(expectedDetail).contains("details for " + status);
		}
		if (result instanceof RetryLater retry) {
			assertThat(retry.reason()).startsWith(reason).contains(expectedDetail);
			assertThat(retry.retryAfter()).isNull();
		}
	}

	@Test
	void throttledAnswerIsRetriedAfterTheSecondsInRetryAfter() {
		this.pushService.answerNext(
				Answer.error(429, 999, "Too Many Requests", "slow down").withHeader("Retry-After", "120"));

		DeliveryResult result = this.channel.send(TestPushes.notification(this.subscription));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.reason()).startsWith("push service is throttling (127.0.0.1 answered 429");
			assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(120));
		});
	}

	@Test
	void throttledAnswerWithAnHttpDateIsRetriedAtThatTime() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Channel atNow = new WebPushProvider(Clock.fixed(now, ZoneOffset.UTC))
			.create(TestPushes.settings(this.vapidKeys));
		String in90Seconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.ofInstant(now.plusSeconds(90), ZoneOffset.UTC));
		this.pushService.answerNext(Answer.of(429, Map.of("Retry-After", in90Seconds), ""));

		DeliveryResult result = atNow.send(TestPushes.notification(this.subscription));

		assertThat(result).isEqualTo(new RetryLater("webpush", "push service is throttling (127.0.0.1 answered 429)",
				Duration.ofSeconds(90)));
	}

	@Test
	void unavailableServiceIsRetriedAfterItsRetryAfter() {
		this.pushService.answerNext(Answer.of(503, Map.of("Retry-After", "30"), "Service Unavailable"));

		assertThat(this.channel.send(TestPushes.notification(this.subscription))).isEqualTo(new RetryLater("webpush",
				"push service failed (127.0.0.1 answered 503: Service Unavailable)", Duration.ofSeconds(30)));
	}

	@Test
	void subscriptionMadeWithAnotherApplicationServerKeyIsRefusedAndRetriedForTheOperator() throws Exception {
		Channel otherTenantKeys = new WebPushProvider().create(TestPushes.settings(VapidKeyPair.generate()));

		DeliveryResult result = otherTenantKeys.send(TestPushes.notification(this.subscription));

		assertThat(this.pushService.onlyRequest().vapidRefusal()).isNull();
		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.reason()).startsWith("push service refused the VAPID credentials (127.0.0.1 answered 403")
				.contains("does not correspond to the sender ID");
			assertThat(retry.retryAfter()).isNull();
		});
	}

	@Test
	void largestNotificationThatFitsIsDeliveredAs4096BytesAndOneMoreCharacterIsRejectedUnsent() throws Exception {
		OutboundMessage empty = TestPushes.notification(this.subscription, "Receipt", "", Map.of());
		int overhead = JsonMapper.shared()
			.writeValueAsBytes(Map.of("title", "Receipt", "body", "", "data", Map.of(), "deliveryId",
					empty.deliveryId().toString())).length;
		String fitting = "x".repeat(4096 - 86 - 1 - 16 - overhead);

		DeliveryResult fits = this.channel
			.send(TestPushes.notification(this.subscription, "Receipt", fitting, Map.of()));
		DeliveryResult tooLarge = this.channel
			.send(TestPushes.notification(this.subscription, "Receipt", fitting + "x", Map.of()));

		assertThat(fits).isInstanceOf(Delivered.class);
		assertThat(this.pushService.onlyRequest().body()).hasSize(4096);
		assertThat(tooLarge).isEqualTo(new Rejected("webpush",
				"notification is 4097 bytes encrypted; Web Push carries at most 4096", Cause.CONTENT));
	}

	@Test
	void plainHttpEndpointIsRefusedUnlessInsecureEndpointsAreAllowed() {
		Channel production = new WebPushProvider().create(TestPushes.settings(this.vapidKeys,
				"allowInsecureEndpoints", "false"));

		DeliveryResult result = production.send(TestPushes.notification(this.subscription));

		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS);
			assertThat(rejected.reason()).startsWith("subscription endpoint on 127.0.0.1 uses http");
		});
		assertThat(this.pushService.received()).isEmpty();
	}

	static List<Object[]> brokenSubscriptions() {
		String p256dh = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
		// One character of x changed: y no longer fits.
		String offCurve = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLeyhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
		String auth = "BTBZMqHH6r4Tts7J_aSIgg";
		return List.of(new Object[] { "no keys", Map.of(), "lacks its 'p256dh' or 'auth' key" },
				new Object[] { "no auth", Map.of("p256dh", p256dh), "lacks its 'p256dh' or 'auth' key" },
				new Object[] { "p256dh not base64", Map.of("p256dh", "not base64!", "auth", auth),
						"'p256dh' is not a base64url P-256 public key" },
				new Object[] { "p256dh off the curve", Map.of("p256dh", offCurve, "auth", auth),
						"'p256dh' is not a base64url P-256 public key" },
				new Object[] { "auth of 8 bytes", Map.of("p256dh", p256dh, "auth", "BTBZMqHH6r4"),
						"'auth' is not a base64url 16-byte secret" });
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenSubscriptions")
	void subscriptionWithMissingOrBrokenKeysIsRejectedAsInvalidAddressWithoutSending(String name,
			Map<String, String> keys, String reason) {
		PushTarget broken = new PushTarget("webpush", this.pushService.endpoint("broken"), keys);

		DeliveryResult result = this.channel.send(TestPushes.notification(broken));

		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS);
			assertThat(rejected.reason()).contains(reason);
		});
		assertThat(this.pushService.received()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a url", "/wpush/v2/relative", "ftp://push.test/x", "https://user:pw@push.test/x" })
	void endpointThatIsNotAnHttpsUrlIsRejectedAsInvalidAddress(String endpoint) {
		PushTarget broken = new PushTarget("webpush", endpoint, this.subscription.keys());

		assertThat(this.channel.send(TestPushes.notification(broken))).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS));
	}

	@Test
	void endpointOverrideReceivesTheRequestSignedForTheSubscriptionsOwnPushService() throws Exception {
		Channel relayed = new WebPushProvider()
			.create(TestPushes.settings(this.vapidKeys, "endpointOverride", this.pushService.origin() + "/"));
		this.pushService.expectAudience("https://fcm.googleapis.com");
		PushTarget fcmSubscription = this.browser.subscription("https://fcm.googleapis.com/wpush/v2/dXJ1:APA91b?x=1");

		DeliveryResult result = relayed.send(TestPushes.notification(fcmSubscription));

		Received request = this.pushService.onlyRequest();
		assertThat(request.vapidRefusal()).isNull();
		assertThat(request.vapid().audience()).isEqualTo("https://fcm.googleapis.com");
		assertThat(request.uri().getRawPath()).isEqualTo("/wpush/v2/dXJ1:APA91b");
		assertThat(request.uri().getRawQuery()).isEqualTo("x=1");
		assertThat(result).isInstanceOf(Delivered.class);
		assertThat(this.browser.decrypt(request.body())).isNotEmpty();
	}

	@Test
	void pushServiceThatIsDownIsRetriedLaterQuickly() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		PushTarget unreachable = this.browser.subscription("http://127.0.0.1:" + closedPort + "/wpush/v2/x");

		Instant start = Instant.now();
		DeliveryResult result = this.channel.send(TestPushes.notification(unreachable));

		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(2));
		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.reason()).startsWith("push service 127.0.0.1 unreachable");
			assertThat(retry.retryAfter()).isNull();
		});
	}

	@Test
	void pushServiceThatNeverAnswersIsRetriedLaterAfterTheTimeout() {
		Channel impatient = new WebPushProvider().create(TestPushes.settings(this.vapidKeys, "timeoutSeconds", "1"));
		this.pushService.answerNext(Answer.created("https://push.test/m/late").delayed(Duration.ofSeconds(4)));

		Instant start = Instant.now();
		DeliveryResult result = impatient.send(TestPushes.notification(this.subscription));

		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2500));
		assertThat(result)
			.isEqualTo(new RetryLater("webpush", "push service 127.0.0.1 did not answer within 1 s", null));
	}

	@Test
	void pushServiceThatStallsMidAnswerIsRetriedLaterAfterTheTimeout() {
		Channel impatient = new WebPushProvider().create(TestPushes.settings(this.vapidKeys, "timeoutSeconds", "1"));
		this.pushService.answerNext(Answer.of(500, Map.of(), "partial").stallingBody(Duration.ofSeconds(4)));

		Instant start = Instant.now();
		DeliveryResult result = impatient.send(TestPushes.notification(this.subscription));

		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2500));
		assertThat(result)
			.isEqualTo(new RetryLater("webpush", "push service 127.0.0.1 did not answer within 1 s", null));
	}

	@Test
	void redirectIsNotFollowed() {
		this.pushService
			.answerNext(Answer.of(307, Map.of("Location", this.pushService.endpoint("elsewhere")), ""));

		DeliveryResult result = this.channel.send(TestPushes.notification(this.subscription));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.isEqualTo("unexpected answer from the push service (127.0.0.1 answered 307)"));
		assertThat(this.pushService.received()).hasSize(1);
	}

	@Test
	void supportsOnlyPushMessagesToWebPushDevices() {
		PushTarget fcm = new PushTarget("fcm", "fcm-registration-token", Map.of());
		OutboundMessage email = new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(),
				ChannelType.EMAIL, "bob@shop.test", null, "s", null, "b");
		OutboundMessage pushWithoutDevice = new OutboundMessage(UUID.randomUUID(),
				UUID.randomUUID(), ChannelType.PUSH, "x", null, "s", null, "b", Map.of(), null);

		assertThat(this.channel.supports(TestPushes.notification(this.subscription))).isTrue();
		assertThat(this.channel.supports(TestPushes.notification(fcm))).isFalse();
		assertThat(this.channel.supports(email)).isFalse();
		assertThat(this.channel.supports(pushWithoutDevice)).isFalse();
		assertThat(this.channel.type()).isEqualTo(ChannelType.PUSH);
		assertThat(this.channel.provider()).isEqualTo("webpush");
	}

	@Test
	void messageForAnotherPlatformIsRejectedWithoutSending() {
		PushTarget fcm = new PushTarget("fcm", this.pushService.endpoint("fcm"), Map.of());

		DeliveryResult result = this.channel.send(TestPushes.notification(fcm));

		assertThat(result).isEqualTo(new Rejected("webpush", "not a Web Push message: channel push, platform fcm",
				Cause.INVALID_ADDRESS));
		assertThat(this.pushService.received()).isEmpty();
	}

	@Test
	void concurrentSendsAreEachEncryptedForTheirOwnBrowser() throws Exception {
		List<Browser> browsers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			browsers.add(Browser.subscribe());
		}
		List<Future<DeliveryResult>> results = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 40; i++) {
				int index = i;
				PushTarget device = browsers.get(i % 4).subscription(this.pushService.endpoint("b" + (i % 4)));
				results.add(threads.submit(() -> this.channel
					.send(TestPushes.notification(device, "n" + index, "body " + index, Map.of()))));
			}
		}
		for (Future<DeliveryResult> result : results) {
			assertThat(result.get()).isInstanceOf(Delivered.class);
		}
		assertThat(this.pushService.received()).hasSize(40);
		for (Received request : this.pushService.received()) {
			int browserIndex = Integer.parseInt(request.uri().getPath().substring("/wpush/v2/b".length()));
			String json = new String(browsers.get(browserIndex).decrypt(request.body()), StandardCharsets.UTF_8);
			int n = Integer.parseInt(JsonMapper.shared().readTree(json).path("title").asString().substring(1));
			assertThat(n % 4).isEqualTo(browserIndex);
		}
	}

}
