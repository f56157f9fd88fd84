package dev.herald.channels.push.sns;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.PushTarget;
import dev.herald.channels.aws.FakeAwsService;
import dev.herald.channels.aws.FakeAwsService.Dialect;
import dev.herald.channels.aws.FakeAwsService.Request;
import dev.herald.channels.aws.SigV4;
import dev.herald.channels.aws.SnsAnswers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SnsPushChannelTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ENDPOINT_ARN = "arn:aws:sns:us-east-1:123456789012:endpoint/GCM/herald-shop/"
			+ "5e3e9847-3183-3f18-a7e8-671c3a57d4b3";

	private static final String MESSAGE_ID = "95df01b4-ee98-5cb9-9903-4c221d41eb5e";

	private final FakeAwsService sns = FakeAwsService.start(Dialect.QUERY_XML, "sns", "us-east-1");

	@AfterEach
	void stopFake() {
		this.sns.close();
	}

	@Test
	void acceptedNotificationIsDeliveredAfterASignedJsonPublishToTheDevicesEndpoint() {
		this.sns.answer(SnsAnswers.published(MESSAGE_ID));
		Map<String, String> data = new LinkedHashMap<>();
		data.put("url", "https://shop.test/orders/1042");
		data.put("orderId", "1042");

		DeliveryResult result = channel(Map.of())
			.send(push(ENDPOINT_ARN, "Shipped \"today\"", "Order #1042 is on its way", data));

		assertThat(result).isEqualTo(new Delivered("sns-push", MESSAGE_ID));
		Request request = this.sns.onlyRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
		assertThat(SigV4.parse(request.header("Authorization")).orElseThrow().scope())
			.matches("\\d{8}/us-east-1/sns/aws4_request");
		Map<String, String> form = request.form();
		assertThat(form).containsOnlyKeys("Action", "Version", "TargetArn", "MessageStructure", "Message")
			.contains(entry("Action", "Publish"), entry("Version", "2010-03-31"), entry("TargetArn", ENDPOINT_ARN),
					entry("MessageStructure", "json"));

		JsonNode message = json.readTree(form.get("Message"));
		assertThat(message.propertyNames()).containsExactlyInAnyOrder("default", "GCM", "APNS");
		assertThat(message.get("default").stringValue()).isEqualTo("Order #1042 is on its way");
		assertThat(json.readTree(message.get("GCM").stringValue())).isEqualTo(json.readTree("""
				{"fcmV1Message": {"message": {
					"notification": {"title": "Shipped \\"today\\"", "body": "Order #1042 is on its way"},
					"data": {"url": "https://shop.test/orders/1042", "orderId": "1042"}}}}
				"""));
		assertThat(json.readTree(message.get("APNS").stringValue())).isEqualTo(json.readTree("""
				{"aps": {"alert": {"title": "Shipped \\"today\\"", "body": "Order #1042 is on its way"}},
				 "url": "https://shop.test/orders/1042", "orderId": "1042"}
				"""));
	}

	@Test
	void sandboxAppsGetTheirPayloadUnderApnsSandboxAndDataCannotReplaceAps() {
		this.sns.answer(SnsAnswers.published(MESSAGE_ID));

		channel(Map.of("apnsSandbox", "true")).send(push(ENDPOINT_ARN, null, "Hi", Map.of("aps", "{}")));

		JsonNode message = json.readTree(this.sns.onlyRequest().form().get("Message"));
		assertThat(message.propertyNames()).containsExactlyInAnyOrder("default", "GCM", "APNS_SANDBOX");
		assertThat(json.readTree(message.get("APNS_SANDBOX").stringValue()))
			.isEqualTo(json.readTree("{\"aps\": {\"alert\": {\"body\": \"Hi\"}}}"));
		assertThat(json.readTree(message.get("GCM").stringValue()))
			.isEqualTo(json.readTree("""
					{"fcmV1Message": {"message": {"notification": {"body": "Hi"}, "data": {"aps": "{}"}}}}
					"""));
	}

	@Test
	void onlySnsDevicesAreSupported() {
		Channel channel = channel(Map.of());

		assertThat(channel.supports(push(ENDPOINT_ARN, "T", "B", Map.of()))).isTrue();
		assertThat(channel.supports(new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.PUSH, "tok",
				null, "T", null, "B", Map.of(), new PushTarget(PushTarget.FCM, "fcm-token", Map.of())))).isFalse();
		assertThat(channel.supports(new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.PUSH, "tok",
				null, "T", null, "B", Map.of(), null))).isFalse();
		assertThat(channel.supports(new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.SMS,
				"+14155550100", null, null, null, "B"))).isFalse();
	}

	@Test
	void deviceOfAnotherPlatformIsRejectedWithoutCallingSns() {
		PushTarget apnsDevice = new PushTarget(PushTarget.APNS, "ab12", Map.of());

		DeliveryResult result = channel(Map.of()).send(new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(),
				ChannelType.PUSH, "ab12", null, "T", null, "B", Map.of(), apnsDevice));

		assertThat(result).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.OTHER));
		assertThat(this.sns.requests()).isEmpty();
	}

	@Test
	void tokenThatIsNotAnEndpointArnIsRejectedWithoutCallingSns() {
		DeliveryResult result = channel(Map.of()).send(push("arn:aws:sns:us-east-1:123456789012:my-topic", "T", "B",
				Map.of()));

		assertThat(result).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS));
		assertThat(this.sns.requests()).isEmpty();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			400 | EndpointDisabled            | Endpoint is disabled                                                                   | ADDRESS_GONE
			404 | NotFound                    | Endpoint does not exist                                                                | ADDRESS_GONE
			400 | InvalidParameter            | Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified    | ADDRESS_GONE
			400 | InvalidParameter            | Invalid parameter: TargetArn Reason: An ARN must have at least 6 elements, not 1       | INVALID_ADDRESS
			400 | InvalidParameter            | Invalid parameter: Message Reason: Invalid notification for protocol APNS: too long    | CONTENT
			400 | PlatformApplicationDisabled | Platform application is disabled                                                       | RETRY
			400 | Throttling                  | Rate exceeded                                                                          | RETRY
			429 | Throttled                   | Rate exceeded                                                                          | RETRY
			500 | InternalError               | Internal error                                                                         | RETRY
			403 | AuthorizationError          | User: arn:aws:iam::123456789012:user/herald is not authorized to perform: SNS:Publish  | RETRY
			""")
	void snsErrorsAreMappedToWhatHeraldShouldDoNext(int status, String code, String message, String expected) {
		this.sns.answer(Dialect.QUERY_XML.error(status, code, message));

		DeliveryResult result = channel(Map.of()).send(push(ENDPOINT_ARN, "T", "B", Map.of()));

		if (expected.equals("RETRY")) {
			assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
				assertThat(retry.provider()).isEqualTo("sns-push");
				assertThat(retry.reason()).contains(status + " " + code + ": " + message, "request id");
			});
		}
		else {
			assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
				assertThat(rejected.provider()).isEqualTo("sns-push");
				assertThat(rejected.cause()).isEqualTo(Cause.valueOf(expected));
				assertThat(rejected.reason()).contains(code + ": " + message);
			});
		}
	}

	@Test
	void wrongSecretKeyIsRetriedLaterWithoutTheKeyInTheReason() {
		String wrongSecret = "Wrong+Secret/Key0123456789abcdefghijklmn";
		Channel channel = new SnsPushChannelProvider()
			.create(settings(Map.of(), Map.of("accessKeyId", FakeAwsService.ACCESS_KEY_ID, "secretAccessKey",
					wrongSecret)));

		DeliveryResult result = channel.send(push(ENDPOINT_ARN, "T", "B", Map.of()));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("AWS credentials refused by SNS (403 SignatureDoesNotMatch")
			.doesNotContain(wrongSecret));
	}

	private Channel channel(Map<String, String> extraSettings) {
		return new SnsPushChannelProvider().create(settings(extraSettings, Map.of("accessKeyId",
				FakeAwsService.ACCESS_KEY_ID, "secretAccessKey", FakeAwsService.SECRET_ACCESS_KEY)));
	}

	private ProviderSettings settings(Map<String, String> extraSettings, Map<String, String> secrets) {
		Map<String, String> values = new HashMap<>(Map.of("region", "us-east-1", "endpoint", this.sns.endpoint()));
		values.putAll(extraSettings);
		return new ProviderSettings("sns-push", values, secrets);
	}

	private static OutboundMessage push(String endpointArn, String title, String body, Map<String, String> data) {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.PUSH, endpointArn, null, title,
				null, body, data, new PushTarget(PushTarget.SNS, endpointArn, Map.of()));
	}

}
