package dev.herald.channels.push.fcm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.herald.channels.Channel;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.push.fcm.FakeGoogle.Answer;

import static org.assertj.core.api.Assertions.assertThat;

class FcmErrorTests {

	private final FcmFixture fixture = new FcmFixture();

	private final Channel channel = this.fixture.channel();

	FcmErrorTests() throws IOException {
	}

	@AfterEach
	void stopFake() {
		this.fixture.close();
	}

	@Test
	void unregisteredTokenIsGone() {
		DeliveryResult result = answered(Answer.fcmError(404, "NOT_FOUND", "UNREGISTERED",
				"Requested entity was not found."));

		assertThat(result).isEqualTo(new Rejected("fcm",
				"the registration token is no longer registered (404 UNREGISTERED: Requested entity was not found.)",
				Cause.ADDRESS_GONE));
	}

	@Test
	void tokenFromAnotherFirebaseProjectIsGone() {
		DeliveryResult result = answered(Answer.fcmError(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH",
				"SenderId mismatch"));

		assertThat(result).isEqualTo(new Rejected("fcm", "the registration token belongs to another Firebase project "
				+ "(403 SENDER_ID_MISMATCH: SenderId mismatch)", Cause.ADDRESS_GONE));
	}

	@Test
	void malformedRegistrationTokenIsAnInvalidAddress() {
		DeliveryResult result = answered(Answer.fcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
				"The registration token is not a valid FCM registration token"));

		assertThat(result).isEqualTo(new Rejected("fcm", "invalid registration token (400 INVALID_ARGUMENT: "
				+ "The registration token is not a valid FCM registration token)", Cause.INVALID_ADDRESS));
	}

	@Test
	void invalidArgumentNamingTheTokenFieldIsAnInvalidAddress() {
		DeliveryResult result = answered(Answer.json(400, """
				{"error": {"code": 400, "message": "Request contains an invalid argument.",
				 "status": "INVALID_ARGUMENT",
				 "details": [
				  {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "INVALID_ARGUMENT"},
				  {"@type": "type.googleapis.com/google.rpc.BadRequest",
				   "fieldViolations": [{"field": "message.token",
				    "description": "Invalid registration token"}]}]}}"""));

		assertThat(result).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS));
	}

	@Test
	void invalidArgumentAboutTheMessageIsContent() {
		DeliveryResult result = answered(Answer.json(400, """
				{"error": {"code": 400, "message": "Invalid value at 'message.data[0].value' (TYPE_STRING), 12",
				 "status": "INVALID_ARGUMENT",
				 "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
				   "fieldViolations": [{"field": "message.data[0].value",
				    "description": "Invalid value at 'message.data[0].value' (TYPE_STRING), 12"}]}]}}"""));

		assertThat(result).isEqualTo(new Rejected("fcm", "FCM refused the message (400 INVALID_ARGUMENT: "
				+ "Invalid value at 'message.data[0].value' (TYPE_STRING), 12)", Cause.CONTENT));
	}

	@Test
	void quotaExceededIsRetriedAfterTheSecondsFcmAskedFor() {
		DeliveryResult result = answered(Answer
			.fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for quota metric 'Send requests'")
			.withHeader("Retry-After", "120"));

		assertThat(result).isEqualTo(new RetryLater("fcm", "FCM sending quota exceeded (429 QUOTA_EXCEEDED: "
				+ "Quota exceeded for quota metric 'Send requests')", Duration.ofSeconds(120)));
	}

	@Test
	void retryAfterAsAnHttpDateIsCountedFromNow() {
		Instant in90Seconds = this.fixture.clock.instant().plusSeconds(90);
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(in90Seconds.atOffset(ZoneOffset.UTC));

		DeliveryResult result = answered(Answer.fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota")
			.withHeader("Retry-After", date));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
	}

	@Test
	void unavailableIsRetriedAfterTheWaitFcmAskedFor() {
		DeliveryResult result = answered(Answer
			.fcmError(503, "UNAVAILABLE", "UNAVAILABLE", "The service is unavailable.")
			.withHeader("Retry-After", "10"));

		assertThat(result).isEqualTo(new RetryLater("fcm",
				"FCM is unavailable (503 UNAVAILABLE: The service is unavailable.)", Duration.ofSeconds(10)));
	}

	@Test
	void internalErrorIsRetriedWithHeraldsBackoff() {
		DeliveryResult result = answered(Answer.fcmError(500, "INTERNAL", "INTERNAL", "Internal error encountered."));

		assertThat(result).isEqualTo(new RetryLater("fcm",
				"FCM internal error (500 INTERNAL: Internal error encountered.)", null));
	}

	@Test
	void gatewayErrorWithoutJsonIsRetriedLater() {
		DeliveryResult result = answered(new Answer(502, "<html><body>Bad Gateway</body></html>",
				Map.of("Content-Type", "text/html"), Duration.ZERO));

		assertThat(result).isEqualTo(new RetryLater("fcm", "FCM failed (502)", null));
	}

	@Test
	void apnsCredentialsMissingInFirebaseAreRetriedLaterWithAHintAndTheTokenIsDropped() {
		DeliveryResult result = answered(Answer.fcmError(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR",
				"Auth error from APNS or Web Push Service"));
		DeliveryResult next = this.channel.send(FcmFixture.push(Map.of()));

		assertThat(result).isEqualTo(new RetryLater("fcm", "FCM could not authenticate with APNs or Web Push (401 "
				+ "THIRD_PARTY_AUTH_ERROR: Auth error from APNS or Web Push Service): check the APNs key or "
				+ "certificate in the Firebase project's Cloud Messaging settings", null));
		assertThat(next).isInstanceOf(Delivered.class);
		assertThat(this.fixture.google.tokenRequests()).hasSize(2);
	}

	@Test
	void serviceAccountWithoutPermissionIsRetriedLaterForTheOperator() {
		DeliveryResult result = answered(Answer.fcmError(403, "PERMISSION_DENIED", null,
				"Permission 'cloudmessaging.messages.create' denied on resource"));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.isEqualTo("FCM refused the service account (403 PERMISSION_DENIED: Permission "
					+ "'cloudmessaging.messages.create' denied on resource): it needs the Firebase Cloud Messaging "
					+ "API enabled and permission to send in the project"));
	}

	@Test
	void fcmThatDoesNotAnswerInTimeIsRetriedLater() {
		DeliveryResult result = answered(Answer.json(200, "{\"name\":\"late\"}").after(Duration.ofSeconds(4)));

		assertThat(result).isEqualTo(new RetryLater("fcm", "FCM did not answer within PT2S", null));
	}

	@Test
	void unreachableFcmIsRetriedLater() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Channel unreachable = this.fixture.provider
			.create(this.fixture.settings(Map.of("baseUrl", "http://127.0.0.1:" + closedPort)));

		DeliveryResult result = unreachable.send(FcmFixture.push(Map.of()));

		assertThat(result).isInstanceOfSatisfying(RetryLater.class, (retry) -> assertThat(retry.reason())
			.startsWith("could not reach FCM at http://127.0.0.1:" + closedPort + "/v1/projects/demo-project/"
					+ "messages:send: ConnectException"));
	}

	private DeliveryResult answered(Answer answer) {
		this.fixture.google.answerSend(answer);
		return this.channel.send(FcmFixture.push(Map.of()));
	}

}
