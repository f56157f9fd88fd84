package dev.herald.channels.sms.sns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
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
import dev.herald.channels.aws.CapturedLogs;
import dev.herald.channels.aws.FakeAwsService;
import dev.herald.channels.aws.FakeAwsService.Dialect;
import dev.herald.channels.aws.FakeAwsService.Request;
import dev.herald.channels.aws.SigV4;
import dev.herald.channels.aws.SnsAnswers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SnsSmsChannelTests {

	private static final String MESSAGE_ID = "567910cd-659e-55d4-8ccb-5aaf14679dc0";

	private final FakeAwsService sns = FakeAwsService.start(Dialect.QUERY_XML, "sns", "eu-central-1");

	@AfterEach
	void stopFake() {
		this.sns.close();
	}

	@Test
	void acceptedSmsIsDeliveredWithSnsMessageIdAfterASignedPublishToThePhoneNumber() {
		this.sns.answer(SnsAnswers.published(MESSAGE_ID));
		String text = "Ihre Bestellung #1042 ist unterwegs & kommt morgen: https://shop.test/t?a=1+2 ✓";

		DeliveryResult result = channel(Map.of("senderId", "HeraldShop", "originationNumber", "+4930123456"))
			.send(sms("+4915112345678", text));

		assertThat(result).isEqualTo(new Delivered("sns-sms", MESSAGE_ID));
		Request request = this.sns.onlyRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/");
		assertThat(request.query()).isNull();
		assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
		assertThat(request.header("amz-sdk-request")).as("the SDK does not retry on its own")
			.isEqualTo("attempt=1; max=1");
		SigV4.Authorization authorization = SigV4.parse(request.header("Authorization")).orElseThrow();
		assertThat(authorization.scope()).matches("\\d{8}/eu-central-1/sns/aws4_request");
		assertThat(authorization.signedHeaders()).contains("host", "x-amz-date", "content-type");
		Map<String, String> form = request.form();
		assertThat(form).containsOnlyKeys("Action", "Version", "PhoneNumber", "Message",
				"MessageAttributes.entry.1.Name", "MessageAttributes.entry.1.Value.DataType",
				"MessageAttributes.entry.1.Value.StringValue", "MessageAttributes.entry.2.Name",
				"MessageAttributes.entry.2.Value.DataType", "MessageAttributes.entry.2.Value.StringValue",
				"MessageAttributes.entry.3.Name", "MessageAttributes.entry.3.Value.DataType",
				"MessageAttributes.entry.3.Value.StringValue")
			.contains(entry("Action", "Publish"), entry("Version", "2010-03-31"),
					entry("PhoneNumber", "+4915112345678"), entry("Message", text));
		assertThat(SnsAnswers.messageAttributes(form)).containsExactly(
				entry("AWS.MM.SMS.OriginationNumber", "String=+4930123456"),
				entry("AWS.SNS.SMS.SMSType", "String=Transactional"),
				entry("AWS.SNS.SMS.SenderID", "String=HeraldShop"));
	}

	@Test
	void withoutSenderSettingsOnlyTheSmsTypeIsSent() {
		this.sns.answer(SnsAnswers.published(MESSAGE_ID));

		channel(Map.of("smsType", "promotional")).send(sms("+14155550100", "Sale!"));

		assertThat(SnsAnswers.messageAttributes(this.sns.onlyRequest().form()))
			.containsExactly(entry("AWS.SNS.SMS.SMSType", "String=Promotional"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			400 | InvalidParameter    | Invalid parameter: PhoneNumber Reason: +4915112345678 is not valid to publish to | REJECTED_INVALID_ADDRESS
			400 | ParameterValueInvalid | Invalid parameter value: PhoneNumber                                             | REJECTED_INVALID_ADDRESS
			400 | OptedOut            | Phone number is opted out.                                                       | REJECTED_OPTED_OUT
			400 | InvalidParameter    | Invalid parameter: Message too long                                              | REJECTED_CONTENT
			400 | InvalidParameter    | Invalid parameter: MessageAttributes Reason: SenderID is not valid                | RETRY
			429 | Throttled           | Rate exceeded                                                                    | RETRY
			400 | Throttling          | Rate exceeded                                                                    | RETRY
			500 | InternalError       | Internal error                                                                   | RETRY
			503 | ServiceUnavailable  | Service is unavailable                                                           | RETRY
			403 | AuthorizationError  | User: arn:aws:iam::123456789012:user/herald is not authorized to perform: SNS:Publish | RETRY
			""")
	void snsErrorsAreMappedToWhatHeraldShouldDoNext(int status, String code, String message, String expected) {
		this.sns.answer(Dialect.QUERY_XML.error(status, code, message));

		DeliveryResult result = channel(Map.of()).send(sms("+4915112345678", "Hi"));

		switch (expected) {
			case "RETRY" -> assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
				assertThat(retry.provider()).isEqualTo("sns-sms");
				assertThat(retry.reason()).contains(status + " " + code + ": " + message, "request id");
				assertThat(retry.retryAfter()).isNull();
			});
			case "REJECTED_INVALID_ADDRESS" -> assertRejected(result, Cause.INVALID_ADDRESS, code, message);
			case "REJECTED_OPTED_OUT" -> assertRejected(result, Cause.OPTED_OUT, code, message);
			case "REJECTED_CONTENT" -> assertRejected(result, Cause.CONTENT, code, message);
			default -> throw new IllegalArgumentException(expected);
		}
		assertThat(this.sns.requests()).hasSize(1);
	}

	@Test
	void throttlingWithRetryAfterIsRetriedWhenSnsSays() {
		this.sns.answer(Dialect.QUERY_XML.error(429, "Throttled", "Rate exceeded").withHeader("Retry-After", "3"));

		DeliveryResult result = channel(Map.of()).send(sms("+4915112345678", "Hi"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.reason()).startsWith("SNS throttled the request (429 Throttled: Rate exceeded");
			assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(3));
		});
		assertThat(this.sns.requests()).hasSize(1);
	}

	@Test
	void wrongSecretKeyIsRefusedBySnsAndRetriedLaterWithoutTheKeyInTheReasonOrTheLogs() {
		this.sns.answer(SnsAnswers.published(MESSAGE_ID));
		String wrongSecret = "Wrong+Secret/Key0123456789abcdefghijklmn";

		DeliveryResult result;
		List<String> logs;
		try (CapturedLogs captured = CapturedLogs.capture()) {
			result = new SnsSmsChannelProvider()
				.create(settings(Map.of(),
						Map.of("accessKeyId", FakeAwsService.ACCESS_KEY_ID, "secretAccessKey", wrongSecret)))
				.send(sms("+4915112345678", "Hi"));
			logs = captured.lines();
		}

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("AWS credentials refused by SNS (403 SignatureDoesNotMatch: The request signature we "
					+ "calculated does not match")
			.doesNotContain(wrongSecret, FakeAwsService.SECRET_ACCESS_KEY));
		assertThat(logs).isNotEmpty().noneMatch((line) -> line.contains(wrongSecret));
	}

	@Test
	void unknownAccessKeyIsRetriedLaterAsRefusedCredentials() {
		DeliveryResult result = new SnsSmsChannelProvider()
			.create(settings(Map.of(),
					Map.of("accessKeyId", "AKIAUNKNOWNKEY000000", "secretAccessKey", FakeAwsService.SECRET_ACCESS_KEY)))
			.send(sms("+4915112345678", "Hi"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("AWS credentials refused by SNS (403 InvalidClientTokenId: The security token"));
	}

	@Test
	void snsThatIsUnreachableIsRetriedLater() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}

		DeliveryResult result = channel(Map.of("endpoint", "http://127.0.0.1:" + closedPort))
			.send(sms("+4915112345678", "Hi"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).startsWith("SNS unreachable"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "015112345678", "+49 151 12345678", "+0015112345678", "+4915112345678\nBcc", "" })
	void numberThatIsNotE164IsRejectedWithoutCallingSns(String number) {
		DeliveryResult result = channel(Map.of()).send(sms(number, "Hi"));

		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS);
			assertThat(rejected.reason()).startsWith("not a phone number in E.164 format").doesNotContain("\n");
		});
		assertThat(this.sns.requests()).isEmpty();
	}

	@Test
	void closingOneChannelLeavesTheOthersWorking() throws Exception {
		this.sns.answer(SnsAnswers.published(MESSAGE_ID));
		Channel first = channel(Map.of());
		Channel second = channel(Map.of());

		((AutoCloseable) first).close();

		// Clients share one timeout scheduler: closing a client must not shut it down for the others.
		assertThat(second.send(sms("+4915112345678", "Hi"))).isEqualTo(new Delivered("sns-sms", MESSAGE_ID));
	}

	@Test
	void smsWithoutTextIsRejectedForItsContentWithoutCallingSns() {
		assertThat(channel(Map.of()).send(sms("+4915112345678", " "))).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.CONTENT));
		assertThat(this.sns.requests()).isEmpty();
	}

	private static void assertRejected(DeliveryResult result, Cause cause, String code, String message) {
		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.provider()).isEqualTo("sns-sms");
			assertThat(rejected.cause()).isEqualTo(cause);
			assertThat(rejected.reason()).contains(code + ": " + message);
		});
	}

	private Channel channel(Map<String, String> extraSettings) {
		return new SnsSmsChannelProvider().create(settings(extraSettings, Map.of("accessKeyId",
				FakeAwsService.ACCESS_KEY_ID, "secretAccessKey", FakeAwsService.SECRET_ACCESS_KEY)));
	}

	private ProviderSettings settings(Map<String, String> extraSettings, Map<String, String> secrets) {
		Map<String, String> values = new HashMap<>(Map.of("region", "eu-central-1", "endpoint", this.sns.endpoint()));
		values.putAll(extraSettings);
		return new ProviderSettings("sns-sms", values, secrets);
	}

	private static OutboundMessage sms(String to, String text) {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.SMS, to, null, null, null, text);
	}

}
