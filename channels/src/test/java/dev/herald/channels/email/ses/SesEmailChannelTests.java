package dev.herald.channels.email.ses;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
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
import dev.herald.channels.aws.CapturedLogs;
import dev.herald.channels.aws.FakeAwsService;
import dev.herald.channels.aws.FakeAwsService.Dialect;
import dev.herald.channels.aws.FakeAwsService.Request;
import dev.herald.channels.aws.FakeAwsService.Response;
import dev.herald.channels.aws.SigV4;
import dev.herald.channels.email.EmailSettings;
import dev.herald.channels.email.MimeMessages;

import static org.assertj.core.api.Assertions.assertThat;

class SesEmailChannelTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String MESSAGE_ID = "0102018f2b7c1e5a-6a1b2c3d-0000-0000-0000-000000000000-000000";

	private static final Response SENT = new Response(200, Map.of("Content-Type", "application/json"),
			"{\"MessageId\":\"" + MESSAGE_ID + "\"}");

	private final FakeAwsService ses = FakeAwsService.start(Dialect.REST_JSON, "ses", "eu-west-1");

	@AfterEach
	void stopFake() {
		this.ses.close();
	}

	@Test
	void acceptedMessageIsDeliveredWithSesMessageIdAfterASignedSendEmailWithRawMime() throws Exception {
		this.ses.answer(SENT);
		OutboundMessage message = email("minsu@example.test", "김민수", "주문 확인", "<p>주문이 확인되었습니다.</p>",
				"주문이 확인되었습니다.");

		DeliveryResult result = channel(Map.of("configurationSet", "herald-events")).send(message);

		assertThat(result).isEqualTo(new Delivered("ses", MESSAGE_ID));
		Request request = this.ses.onlyRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v2/email/outbound-emails");
		assertThat(request.query()).isNull();
		assertThat(request.header("Content-Type")).isEqualTo("application/json");
		assertThat(request.header("amz-sdk-request")).as("the SDK does not retry on its own")
			.isEqualTo("attempt=1; max=1");
		SigV4.Authorization authorization = SigV4.parse(request.header("Authorization")).orElseThrow();
		assertThat(authorization.accessKeyId()).isEqualTo(FakeAwsService.ACCESS_KEY_ID);
		assertThat(authorization.scope()).matches("\\d{8}/eu-west-1/ses/aws4_request");
		assertThat(authorization.signedHeaders()).contains("host", "x-amz-date", "content-type", "content-length");

		JsonNode body = json.readTree(request.body());
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("FromEmailAddress", "Destination", "Content",
				"ConfigurationSetName", "EmailTags");
		assertThat(body.get("FromEmailAddress").stringValue()).isEqualTo("orders@shop.test");
		assertThat(body.at("/Destination/ToAddresses").size()).isOne();
		assertThat(body.at("/Destination/ToAddresses/0").stringValue()).isEqualTo("minsu@example.test");
		assertThat(body.get("ConfigurationSetName").stringValue()).isEqualTo("herald-events");
		assertThat(body.at("/EmailTags/0/Name").stringValue()).isEqualTo("herald-delivery-id");
		assertThat(body.at("/EmailTags/0/Value").stringValue()).isEqualTo(message.deliveryId().toString());
		assertThat(body.get("Content").propertyNames()).containsExactly("Raw");

		byte[] raw = Base64.getDecoder().decode(body.at("/Content/Raw/Data").stringValue());
		String rawText = new String(raw, StandardCharsets.US_ASCII);
		assertThat(rawText).contains("\r\nMessage-ID: <" + message.deliveryId() + "@shop.test>\r\n",
				"\r\nX-Herald-Delivery-Id: " + message.deliveryId() + "\r\n");
		MimeMessage mime = parse(raw);
		assertThat(mime.getMessageID()).isEqualTo("<" + message.deliveryId() + "@shop.test>");
		assertThat(mime.getHeader("X-Herald-Delivery-Id")).containsExactly(message.deliveryId().toString());
		assertThat(mime.getSubject()).isEqualTo("주문 확인");
		assertThat((InternetAddress) mime.getFrom()[0])
			.extracting(InternetAddress::getPersonal, InternetAddress::getAddress)
			.containsExactly("Herald Shop", "orders@shop.test");
		assertThat((InternetAddress) mime.getAllRecipients()[0])
			.extracting(InternetAddress::getPersonal, InternetAddress::getAddress)
			.containsExactly("김민수", "minsu@example.test");
		assertThat(mime.getContentType()).startsWith("multipart/alternative");
		MimeMultipart parts = (MimeMultipart) mime.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
		assertThat(parts.getBodyPart(0).getContent()).isEqualTo("주문이 확인되었습니다.");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
		assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>주문이 확인되었습니다.</p>");
	}

	@Test
	void rawContentIsTheMessageSmtpSendsHeaderForHeader() throws Exception {
		this.ses.answer(SENT);
		OutboundMessage message = email("bob@example.test", "Bob", "Your order", "<p>Thanks!</p>", "Thanks!");
		MimeMessages smtpBuilder = new MimeMessages(
				new EmailSettings("orders@shop.test", "Herald Shop", "shop.test", "help@shop.test"));

		channel(Map.of("replyTo", "help@shop.test")).send(message);

		MimeMessage sent = parse(Base64.getDecoder()
			.decode(json.readTree(this.ses.onlyRequest().body()).at("/Content/Raw/Data").stringValue()));
		MimeMessage smtp = smtpBuilder.build(message, smtpBuilder.recipient(message));
		assertThat(headers(sent)).isEqualTo(headers(smtp));
	}

	@Test
	void secondAttemptOfADeliveryCarriesTheSameDeliveryHeaders() throws Exception {
		this.ses.answer(SENT);
		OutboundMessage message = email("bob@example.test", null, "Hi", null, "Hi");
		Channel channel = channel(Map.of());

		channel.send(message);
		channel.send(message);

		assertThat(this.ses.requests()).hasSize(2).allSatisfy((request) -> {
			MimeMessage mime = parse(Base64.getDecoder()
				.decode(json.readTree(request.body()).at("/Content/Raw/Data").stringValue()));
			assertThat(mime.getMessageID()).isEqualTo("<" + message.deliveryId() + "@shop.test>");
			assertThat(mime.getHeader("X-Herald-Delivery-Id")).containsExactly(message.deliveryId().toString());
			assertThat(json.readTree(request.body()).has("ConfigurationSetName")).isFalse();
		});
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			400 | MessageRejected                    | Message rejected: the message contains a virus.                                 | REJECTED_CONTENT
			400 | BadRequestException                | Illegal address                                                                 | REJECTED_INVALID_ADDRESS
			400 | BadRequestException                | Missing final '@domain'                                                         | REJECTED_INVALID_ADDRESS
			400 | BadRequestException                | Message length is more than 40 megabytes.                                       | REJECTED_CONTENT
			400 | MessageRejected                    | Email address is not verified. The following identities failed the check in region EU-WEST-1: orders@shop.test | RETRY
			400 | MailFromDomainNotVerifiedException | Mail-From domain is not verified.                                               | RETRY
			400 | AccountSuspendedException          | Your account has been suspended.                                                | RETRY
			400 | SendingPausedException             | Sending is paused for this account.                                             | RETRY
			404 | NotFoundException                  | Configuration set <herald-events> does not exist.                               | RETRY
			400 | LimitExceededException             | Daily message quota exceeded.                                                   | RETRY
			429 | TooManyRequestsException           | Maximum sending rate exceeded.                                                  | RETRY
			500 | InternalServiceErrorException      | Internal service error.                                                         | RETRY
			503 | ServiceUnavailable                 | Service unavailable, try again.                                                 | RETRY
			403 | AccessDeniedException              | User arn:aws:iam::123456789012:user/herald is not authorized to perform: ses:SendEmail | RETRY
			""")
	void sesErrorsAreMappedToWhatHeraldShouldDoNext(int status, String code, String message, String expected) {
		this.ses.answer(Dialect.REST_JSON.error(status, code, message));

		DeliveryResult result = channel(Map.of()).send(email("bob@example.test"));

		switch (expected) {
			case "RETRY" -> assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
				assertThat(retry.provider()).isEqualTo("ses");
				assertThat(retry.reason()).contains(status + " " + code + ": " + message, "request id");
				assertThat(retry.retryAfter()).isNull();
			});
			case "REJECTED_CONTENT" -> assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
				assertThat(rejected.cause()).isEqualTo(Cause.CONTENT);
				assertThat(rejected.reason()).contains(code + ": " + message);
			});
			case "REJECTED_INVALID_ADDRESS" -> assertThat(result).isInstanceOfSatisfying(Rejected.class,
					(rejected) -> {
						assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS);
						assertThat(rejected.reason()).startsWith("SES refused the address").contains(message);
					});
			default -> throw new IllegalArgumentException(expected);
		}
		assertThat(this.ses.requests()).hasSize(1);
	}

	@Test
	void throttlingWithRetryAfterIsRetriedWhenSesSays() {
		this.ses.answer(Dialect.REST_JSON.error(429, "TooManyRequestsException", "Maximum sending rate exceeded.")
			.withHeader("Retry-After", "7"));

		DeliveryResult result = channel(Map.of()).send(email("bob@example.test"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.reason()).startsWith("SES throttled the request (429 TooManyRequestsException");
			assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		});
		assertThat(this.ses.requests()).as("the SDK does not retry on its own").hasSize(1);
	}

	@Test
	void wrongSecretKeyIsRefusedBySesAndRetriedLaterWithoutTheKeyInTheReasonOrTheLogs() {
		this.ses.answer(SENT);
		String wrongSecret = "Wrong+Secret/Key0123456789abcdefghijklmn";
		Map<String, String> secrets = Map.of("accessKeyId", FakeAwsService.ACCESS_KEY_ID, "secretAccessKey",
				wrongSecret);

		DeliveryResult result;
		List<String> logs;
		try (CapturedLogs captured = CapturedLogs.capture()) {
			result = new SesChannelProvider().create(settings(Map.of(), secrets)).send(email("bob@example.test"));
			logs = captured.lines();
		}

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> {
			assertThat(retry.reason()).startsWith("AWS credentials refused by SES (403 InvalidSignatureException: "
					+ "The request signature we calculated does not match")
				.contains("check the access key id, the secret access key")
				.doesNotContain(wrongSecret, FakeAwsService.SECRET_ACCESS_KEY);
			assertThat(retry.retryAfter()).isNull();
		});
		assertThat(logs).as("log lines at DEBUG").isNotEmpty().noneMatch((line) -> line.contains(wrongSecret));
	}

	@Test
	void unknownAccessKeyIsRetriedLaterAsRefusedCredentials() {
		this.ses.answer(SENT);
		Map<String, String> secrets = Map.of("accessKeyId", "AKIAUNKNOWNKEY000000", "secretAccessKey",
				FakeAwsService.SECRET_ACCESS_KEY);

		DeliveryResult result = new SesChannelProvider().create(settings(Map.of(), secrets))
			.send(email("bob@example.test"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("AWS credentials refused by SES (403 UnrecognizedClientException: The security token"));
	}

	@Test
	void sesThatIsUnreachableIsRetriedLaterQuickly() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Channel channel = new SesChannelProvider()
			.create(settings(Map.of("endpoint", "http://127.0.0.1:" + closedPort), secrets()));

		Instant start = Instant.now();
		DeliveryResult result = channel.send(email("bob@example.test"));

		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
		assertThat(result).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).startsWith("SES unreachable"));
	}

	@Test
	void invalidRecipientIsRejectedWithoutCallingSes() {
		DeliveryResult result = channel(Map.of()).send(email("bob@example.test\r\nBcc: eve@evil.test"));

		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS);
			assertThat(rejected.reason()).startsWith("invalid recipient address").doesNotContain("\r", "\n");
		});
		assertThat(this.ses.requests()).isEmpty();
	}

	@Test
	void messageForAnotherChannelIsRejectedWithoutCallingSes() {
		OutboundMessage sms = new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.SMS,
				"+15551234567", null, null, null, "Hi");

		assertThat(channel(Map.of()).send(sms)).isInstanceOf(Rejected.class);
		assertThat(this.ses.requests()).isEmpty();
	}

	@Test
	void channelDescribesItselfWithoutTheSecretKey() {
		Channel channel = channel(Map.of());

		assertThat(channel.toString()).contains("eu-west-1", "static")
			.doesNotContain(FakeAwsService.SECRET_ACCESS_KEY, FakeAwsService.ACCESS_KEY_ID);
	}

	private Channel channel(Map<String, String> extraSettings) {
		return new SesChannelProvider().create(settings(extraSettings, secrets()));
	}

	private ProviderSettings settings(Map<String, String> extraSettings, Map<String, String> secrets) {
		Map<String, String> values = new HashMap<>(Map.of("region", "eu-west-1", "from", "orders@shop.test",
				"fromName", "Herald Shop", "endpoint", this.ses.endpoint()));
		values.putAll(extraSettings);
		return new ProviderSettings("ses", values, secrets);
	}

	private static Map<String, String> secrets() {
		return Map.of("accessKeyId", FakeAwsService.ACCESS_KEY_ID, "secretAccessKey", FakeAwsService.SECRET_ACCESS_KEY);
	}

	private static OutboundMessage email(String to, String name, String subject, String html, String text) {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.EMAIL, to, name, subject, html,
				text);
	}

	private static OutboundMessage email(String to) {
		return email(to, null, "Your order", "<p>Thanks!</p>", "Thanks!");
	}

	private static MimeMessage parse(byte[] raw) throws Exception {
		return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
	}

	/** Header lines in order, with what differs between two builds of one message masked: the time, the boundary. */
	private static List<String> headers(MimeMessage message) throws Exception {
		return Collections.list(message.getAllHeaderLines())
			.stream()
			.map((line) -> line.startsWith("Date:") ? "Date: (masked)" : line.replaceAll("boundary=\"[^\"]+\"",
					"boundary=(masked)"))
			.toList();
	}

}
