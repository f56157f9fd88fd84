package dev.herald.channels.sms.twilio;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.sms.twilio.FakeTwilio.Answer;

import static dev.herald.channels.sms.twilio.FakeTwilio.ACCOUNT_SID;
import static dev.herald.channels.sms.twilio.FakeTwilio.AUTH_TOKEN;
import static dev.herald.channels.sms.twilio.FakeTwilio.FROM;
import static dev.herald.channels.sms.twilio.FakeTwilio.error;
import static org.assertj.core.api.Assertions.assertThat;

class TwilioSmsChannelTests {

	static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

	static final String TO = "+4915112345678";

	private FakeTwilio twilio;

	@BeforeEach
	void startTwilio() throws IOException {
		this.twilio = new FakeTwilio();
	}

	@AfterEach
	void stopTwilio() {
		this.twilio.close();
	}

	@Test
	void sendsAFormEncodedPostToTheAccountsMessagesResourceWithBasicAuthentication() throws Exception {
		DeliveryResult result = channel().send(sms(TO, "Your order 1042 has shipped."));

		FakeTwilio.Request request = this.twilio.request();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
		assertThat(request.query()).isNull();
		assertThat(request.basicCredentials()).isEqualTo(ACCOUNT_SID + ":" + AUTH_TOKEN);
		assertThat(request.headers().get("Content-Type")).containsExactly("application/x-www-form-urlencoded");
		assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
		assertThat(request.form()).containsExactly(Map.entry("To", TO), Map.entry("From", FROM),
				Map.entry("Body", "Your order 1042 has shipped."));
		assertThat(result).isEqualTo(new Delivered("twilio", "SM%032x".formatted(1)));
	}

	@Test
	void formValuesAreUtf8AndUrlEncodedSoSeparatorsInTheTextSurvive() throws Exception {
		String text = "Grüße & 안녕하세요 😀\na+b=c 100% ?x=1;y";

		channel().send(sms(TO, text));

		FakeTwilio.Request request = this.twilio.request();
		assertThat(request.form()).containsEntry("Body", text).hasSize(3);
		assertThat(request.body()).contains("To=%2B4915112345678")
			.contains("Body=Gr%C3%BC%C3%9Fe+%26+%EC%95%88%EB%85%95%ED%95%98%EC%84%B8%EC%9A%94+%F0%9F%98%80%0A");
	}

	@Test
	void aMessagingServiceChoosesTheSenderWhenNoFromIsSet() throws Exception {
		Channel channel = channel(Map.of("messagingServiceSid", "MG0123456789abcdef0123456789abcdef"), Map.of(),
				"from");

		channel.send(sms(TO, "Hi"));

		assertThat(this.twilio.request().form()).containsExactly(Map.entry("To", TO),
				Map.entry("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"), Map.entry("Body", "Hi"));
	}

	@Test
	void fromAndMessagingServiceAreBothSentWhenBothAreSet() throws Exception {
		channel(Map.of("messagingServiceSid", "MG0123456789abcdef0123456789abcdef"), Map.of()).send(sms(TO, "Hi"));

		assertThat(this.twilio.request().form()).containsExactly(Map.entry("To", TO), Map.entry("From", FROM),
				Map.entry("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"), Map.entry("Body", "Hi"));
	}

	@Test
	void statusCallbackIsSentWhenConfigured() throws Exception {
		channel(Map.of("statusCallbackUrl", "https://herald.shop.test/webhooks/twilio?tenant=7"), Map.of())
			.send(sms(TO, "Hi"));

		assertThat(this.twilio.request().form()).containsEntry("StatusCallback",
				"https://herald.shop.test/webhooks/twilio?tenant=7");
	}

	@Test
	void withAPublicBaseUrlTwilioIsAskedToReportStatusToTheTenantsWebhook() throws Exception {
		OutboundMessage message = sms(TO, "Hi");
		new TwilioSmsProvider(Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC), "https://herald.shop.test/")
			.create(settings(Map.of(), Map.of()))
			.send(message);

		assertThat(this.twilio.request().form()).containsEntry("StatusCallback",
				"https://herald.shop.test/webhooks/twilio/" + message.tenantId());
	}

	@Test
	void theTenantsOwnStatusCallbackUrlWinsOverThePublicBaseUrl() throws Exception {
		new TwilioSmsProvider(Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC), "https://herald.shop.test")
			.create(settings(Map.of("statusCallbackUrl", "https://status.shop.test/twilio"), Map.of()))
			.send(sms(TO, "Hi"));

		assertThat(this.twilio.request().form()).containsEntry("StatusCallback", "https://status.shop.test/twilio");
	}

	@Test
	void withoutAPublicBaseUrlNoStatusCallbackIsSent() throws Exception {
		channel().send(sms(TO, "Hi"));

		assertThat(this.twilio.request().form()).doesNotContainKey("StatusCallback");
	}

	@Test
	void anApiKeyAuthenticatesInsteadOfTheAuthTokenAndTheAccountStaysInThePath() throws Exception {
		this.twilio.acceptCredentials("SK0123456789abcdef0123456789abcdef", "api-key-secret-value");
		Channel channel = channel(Map.of("apiKeySid", "SK0123456789abcdef0123456789abcdef"),
				Map.of("apiKeySecret", "api-key-secret-value"), "authToken");

		DeliveryResult result = channel.send(sms(TO, "Hi"));

		FakeTwilio.Request request = this.twilio.request();
		assertThat(request.basicCredentials()).isEqualTo("SK0123456789abcdef0123456789abcdef:api-key-secret-value");
		assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
		assertThat(result).isInstanceOf(Delivered.class);
	}

	@Test
	void aBaseUrlWithAPathKeepsItAsPrefix() throws Exception {
		channel(Map.of("baseUrl", this.twilio.baseUrl() + "/api/laml/"), Map.of()).send(sms(TO, "Hi"));

		assertThat(this.twilio.request().path())
			.isEqualTo("/api/laml/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
	}

	@Test
	void throttlingIsRetriedAfterTheSecondsTwilioAsksFor() {
		this.twilio.answer(error(429, 20429, "Too Many Requests").withHeader("Retry-After", "7"));

		DeliveryResult result = channel().send(sms(TO, "Hi"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(7));
			assertThat(retry.reason()).isEqualTo("Twilio is throttling: Twilio answered HTTP 429, error 20429: "
					+ "Too Many Requests");
		});
	}

	@Test
	void throttlingIsRetriedAtTheDateTwilioAsksFor() {
		this.twilio.answer(error(429, 20429, "Too Many Requests").withHeader("Retry-After",
				"Mon, 02 Mar 2026 10:17:00 GMT"));

		DeliveryResult result = channel().send(sms(TO, "Hi"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
	}

	@Test
	void throttlingWithoutRetryAfterLeavesTheWaitToHerald() {
		this.twilio.answer(error(429, 20429, "Too Many Requests"));

		assertThat(channel().send(sms(TO, "Hi"))).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.retryAfter()).isNull());
	}

	@Test
	void serverErrorsAreRetried() {
		this.twilio.answer(error(500, 20500, "Internal Server Error"));

		assertThat(channel().send(sms(TO, "Hi")))
			.isEqualTo(new RetryLater("twilio", "Twilio answered HTTP 500, error 20500: Internal Server Error", null));
	}

	@Test
	void anHtmlErrorPageFromAProxyIsRetriedWithoutQuotingIt() {
		this.twilio.answer(Answer.html(503, "<html><body><h1>503 Service Unavailable</h1></body></html>")
			.withHeader("Retry-After", "30"));

		assertThat(channel().send(sms(TO, "Hi")))
			.isEqualTo(new RetryLater("twilio", "Twilio answered HTTP 503", Duration.ofSeconds(30)));
	}

	@Test
	void wrongCredentialsAreRetriedForTheOperatorToFix() {
		Channel channel = channel(Map.of(), Map.of("authToken", "0000000000000000000000000000dead"));

		DeliveryResult result = channel.send(sms(TO, "Hi"));

		assertThat(result)
			.isEqualTo(new RetryLater("twilio", "Twilio refused the credentials (HTTP 401, error 20003)", null));
	}

	@Test
	void anUnknownAccountIsRetriedForTheOperatorToFix() {
		this.twilio.acceptCredentials("SK0123456789abcdef0123456789abcdef", "api-key-secret-value");
		Channel channel = channel(
				Map.of("accountSid", "ACffffffffffffffffffffffffffffffff", "apiKeySid",
						"SK0123456789abcdef0123456789abcdef"),
				Map.of("apiKeySecret", "api-key-secret-value"), "authToken");

		DeliveryResult result = channel.send(sms(TO, "Hi"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).startsWith("Twilio answered HTTP 404, error 20404: "));
	}

	@Test
	void aForbiddenRequestIsRetriedForTheOperatorToFix() {
		this.twilio.answer(error(403, 20008, "Resource not accessible with Test Account Credentials"));

		assertThat(channel().send(sms(TO, "Hi"))).isEqualTo(new RetryLater("twilio",
				"Twilio answered HTTP 403, error 20008: Resource not accessible with Test Account Credentials", null));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			21211 | Invalid 'To' Phone Number: +4915112345678                       | INVALID_ADDRESS
			21614 | 'To' number +4915112345678 is not a valid mobile number        | INVALID_ADDRESS
			21610 | Attempt to send to unsubscribed recipient                      | OPTED_OUT
			21617 | The concatenated message body exceeds the 1600 character limit | CONTENT
			30007 | Message filtered                                               | CONTENT
			21602 | Message body is required.                                      | CONTENT
			""")
	void errorsAboutTheRecipientOrTheTextAreRejected(int code, String message, Cause cause) {
		this.twilio.answer(error(400, code, message));

		assertThat(channel().send(sms(TO, "Hi")))
			.isEqualTo(new Rejected("twilio", "Twilio answered HTTP 400, error " + code + ": " + message, cause));
	}

	@Test
	void aSenderTwilioDoesNotAcceptIsRetriedSinceAnotherProviderMayCarryTheMessage() {
		this.twilio.answer(error(400, 21606,
				"The From phone number +14155550100 is not a valid, SMS-capable inbound phone number"));

		assertThat(channel().send(sms(TO, "Hi"))).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).startsWith("Twilio answered HTTP 400, error 21606: "));
	}

	@Test
	void aMessageTwilioMarksFailedOnCreationIsNotDelivered() {
		this.twilio.answer(new Answer(201, """
				{"sid": "SM00000000000000000000000000000001", "status": "failed", "error_code": 30007, \
				"error_message": "Message filtered", "to": "+4915112345678"}""", Map.of()));

		assertThat(channel().send(sms(TO, "Hi"))).isEqualTo(new Rejected("twilio",
				"Twilio marked the message failed, error 30007: Message filtered", Cause.CONTENT));
	}

	@Test
	void anUnreadableAnswerToACreatedMessageIsStillDeliveredSoItIsNotSentTwice() {
		this.twilio.answer(new Answer(201, "not json", Map.of()));

		assertThat(channel().send(sms(TO, "Hi"))).isEqualTo(new Delivered("twilio", null));
	}

	@Test
	void controlCharactersInTwilioMessagesDoNotReachTheReason() {
		this.twilio.answer(error(400, 21211, "Invalid 'To'\r\nX-Injected: yes"));

		assertThat(channel().send(sms(TO, "Hi"))).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.reason()).doesNotContain("\r", "\n")
					.endsWith("Invalid 'To'  X-Injected: yes"));
	}

	@Test
	void anotherChannelsMessageIsRejectedWithoutCallingTwilio() {
		OutboundMessage email = new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.EMAIL,
				"someone@shop.test", null, "Hi", null, "Hi");

		assertThat(channel().send(email))
			.isEqualTo(new Rejected("twilio", "not an SMS message: channel email", Cause.OTHER));
		assertThat(this.twilio.requestCount()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "4915112345678", "+0123456789", "+49 151 12345678", "+49151123456789012",
			"+4915112345678\r\nX: y", "+", "" })
	void aRecipientThatIsNotE164IsRejectedWithoutCallingTwilio(String to) {
		assertThat(channel().send(sms(to, "Hi"))).isEqualTo(new Rejected("twilio",
				"the recipient is not an E.164 phone number such as +14155550100", Cause.INVALID_ADDRESS));
		assertThat(this.twilio.requestCount()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  \n" })
	void aMessageWithoutTextIsRejectedWithoutCallingTwilio(String text) {
		assertThat(channel().send(sms(TO, text)))
			.isEqualTo(new Rejected("twilio", "the SMS has no text", Cause.CONTENT));
		assertThat(channel().send(sms(TO, null))).isInstanceOf(Rejected.class);
		assertThat(this.twilio.requestCount()).isZero();
	}

	@Test
	void aRefusedConnectionIsRetried() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Channel channel = channel(Map.of("baseUrl", "http://127.0.0.1:" + closedPort), Map.of());

		assertThat(channel.send(sms(TO, "Hi"))).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).startsWith("could not connect to Twilio"));
	}

	@Test
	void noAnswerWithinTheRequestTimeoutIsRetried() {
		this.twilio.answer((request) -> this.twilio.created(request).after(Duration.ofSeconds(3)));
		Channel channel = provider(Duration.ofMillis(300)).create(settings(Map.of(), Map.of()));

		long start = System.nanoTime();
		DeliveryResult result = channel.send(sms(TO, "Hi"));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(result).isEqualTo(new RetryLater("twilio",
				"Twilio did not answer within 300 ms; the SMS may have been sent", null));
	}

	@Test
	void anAnswerWhoseBodyNeverArrivesIsRetriedWithinTheRequestTimeout() {
		this.twilio.answer((request) -> this.twilio.created(request).withBodyAfter(Duration.ofSeconds(3)));
		Channel channel = provider(Duration.ofMillis(300)).create(settings(Map.of(), Map.of()));

		long start = System.nanoTime();
		DeliveryResult result = channel.send(sms(TO, "Hi"));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(result).isInstanceOf(RetryLater.class);
	}

	@Test
	void oneChannelSendsManyMessagesAtOnce() throws Exception {
		Channel channel = channel();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<DeliveryResult>> results = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				String text = "Message " + i;
				results.add(executor.submit(() -> channel.send(sms(TO, text))));
			}
			List<String> ids = new ArrayList<>();
			for (Future<DeliveryResult> result : results) {
				assertThat(result.get()).isInstanceOfSatisfying(Delivered.class,
						(delivered) -> ids.add(delivered.providerMessageId()));
			}
			assertThat(ids).doesNotHaveDuplicates().hasSize(32);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Channel channel() {
		return channel(Map.of(), Map.of());
	}

	private Channel channel(Map<String, String> values, Map<String, String> secrets, String... without) {
		return provider(Duration.ofSeconds(5)).create(settings(values, secrets, without));
	}

	private static TwilioSmsProvider provider(Duration requestTimeout) {
		return new TwilioSmsProvider(requestTimeout, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	/** The fake's account with the given settings added or replaced, and the keys {@code without} left out. */
	ProviderSettings settings(Map<String, String> values, Map<String, String> secrets, String... without) {
		Map<String, String> allValues = new HashMap<>(
				Map.of("accountSid", ACCOUNT_SID, "from", FROM, "baseUrl", this.twilio.baseUrl()));
		Map<String, String> allSecrets = new HashMap<>(Map.of("authToken", AUTH_TOKEN));
		allValues.putAll(values);
		allSecrets.putAll(secrets);
		for (String key : without) {
			allValues.remove(key);
			allSecrets.remove(key);
		}
		return new ProviderSettings("twilio", allValues, allSecrets);
	}

	static OutboundMessage sms(String to, String text) {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.SMS, to, null, null, null, text);
	}

}
