package dev.herald.e2e;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A shop's view of Herald: the built server jar in its own process, the machine's PostgreSQL, and an SMTP server
 * owned by the test. Events go in over HTTP; what comes out is checked at the SMTP server and through the API.
 */
class OrderEmailEndToEndIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static E2eDatabase database;

	private static int smtpPort;

	private static GreenMail smtp;

	private static HeraldServer server;

	@BeforeAll
	static void startHerald() throws Exception {
		database = E2eDatabase.create();
		smtpPort = HeraldServer.freePort();
		smtp = startSmtp();
		server = HeraldServer.start("order-email", database, smtpPort, Map.of());
	}

	@AfterAll
	static void stopHerald() throws Exception {
		if (server != null) {
			server.close();
		}
		smtp.stop();
		database.close();
	}

	@Test
	void anOrderPlacedEventArrivesAsAnEmailWithTheCustomersNameOrderIdAndTotal() throws Exception {
		ObjectNode event = sample("order.placed");
		JsonNode data = event.get("data");

		HttpResponse<String> response = server.postEvent(event.toString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(JSON.readTree(response.body()).get("deliveries").asInt()).as("email, and push skipped for want of a device").isEqualTo(2);
		MimeMessage mail = awaitMail(event.get("id").asString());
		String text = GreenMailUtil.getWholeMessage(mail);
		assertThat(mail.getAllRecipients()[0].toString()).contains(data.get("customer").get("email").asString());
		assertThat(mail.getSubject()).isNotBlank();
		String body = GreenMailUtil.getBody(mail);
		assertThat(decoded(mail)).contains(data.get("customer").get("name").asString())
			.contains(data.get("orderId").asString())
			.contains(data.get("totals").get("total").asString());
		assertThat(text).contains("X-Herald-Delivery-Id");
		assertThat(body).isNotEmpty();
	}

	@Test
	void postingTheSameEventAgainStillSendsOneEmail() throws Exception {
		ObjectNode event = sample("order.placed");
		String eventId = event.get("id").asString();
		assertThat(server.postEvent(event.toString()).statusCode()).isEqualTo(202);
		awaitMail(eventId);

		HttpResponse<String> again = server.postEvent(event.toString());

		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(again.body()).get("status").asString()).isEqualTo("duplicate");
		Thread.sleep(2000);
		assertThat(mailsFor(eventId)).hasSize(1);
	}

	@Test
	void anInvalidEventIsAnswered400WithItsProblemsAndKeptAsARejectedEvent() throws Exception {
		ObjectNode event = sample("order.placed");
		((ObjectNode) event.get("data").get("customer")).put("email", "not an email");
		((ObjectNode) event.get("data").get("totals")).put("currency", "euro");

		HttpResponse<String> response = server.postEvent(event.toString());

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("errors").toString()).contains("$.data.customer.email").contains("$.data.totals.currency");
		try (Connection connection = database.connect();
				PreparedStatement query = connection
					.prepareStatement("select raw_body, reasons::text from rejected_events where id = ?::uuid")) {
			query.setString(1, problem.get("rejectionId").asString());
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				assertThat(row.getString(1)).contains("not an email");
				assertThat(row.getString(2)).contains("$.data.customer.email");
			}
		}
	}

	@Test
	void whileSmtpIsDownTheDeliveryIsRetriedAndArrivesOnceSmtpIsBack() throws Exception {
		smtp.stop();
		ObjectNode event = sample("payment.succeeded");
		String eventId = event.get("id").asString();
		try {
			assertThat(server.postEvent(event.toString()).statusCode()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				JsonNode delivery = emailDelivery(eventId);
				assertThat(delivery.get("state").asString()).isEqualTo("retrying");
				assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
				assertThat(delivery.get("lastError").asString()).isNotBlank();
			});
		}
		finally {
			smtp = startSmtp();
		}

		awaitMail(eventId);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode delivery = emailDelivery(eventId);
			assertThat(delivery.get("state").asString()).isEqualTo("delivered");
			assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
		});
		assertThat(mailsFor(eventId)).hasSize(1);
	}

	@Test
	void aTemplateThatCannotRenderDeadLettersItsDeliveryWithTheReason() throws Exception {
		HttpResponse<String> published = server.put("/api/v1/templates/shipment-delivered", """
				{"eventType": "shipment.delivered", "channel": "email", "locale": "en",
				 "subject": "Delivered",
				 "text": "{% for i in (1..1000000) %}{{ i }}{% endfor %}"}
				""");
		assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
		ObjectNode event = sample("shipment.delivered");
		String eventId = event.get("id").asString();

		assertThat(server.postEvent(event.toString()).statusCode()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode delivery = emailDelivery(eventId);
			assertThat(delivery.get("state").asString()).isEqualTo("dead_lettered");
			assertThat(delivery.get("lastError").asString()).contains("failed to render");
		});
		assertThat(mailsFor(eventId)).isEmpty();
	}

	private static GreenMail startSmtp() {
		GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		greenMail.start();
		return greenMail;
	}

	private static ObjectNode sample(String type) {
		return (ObjectNode) JSON.readTree(SampleEvents.json(EventType.fromWireName(type).orElseThrow(), "e2e-" + UUID.randomUUID()));
	}

	private static JsonNode deliveries(String eventId) throws Exception {
		HttpResponse<String> response = server.get("/api/v1/events/" + eventId + "/deliveries");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("deliveries");
	}

	private static JsonNode emailDelivery(String eventId) throws Exception {
		return deliveries(eventId).valueStream()
			.filter((delivery) -> delivery.get("channel").asString().equals("email"))
			.findFirst()
			.orElseThrow();
	}

	private static MimeMessage awaitMail(String eventId) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> mailsFor(eventId), (mails) -> !mails.isEmpty()).getFirst();
	}

	private static List<MimeMessage> mailsFor(String eventId) throws Exception {
		List<String> ids = server.get("/api/v1/events/" + eventId + "/deliveries").statusCode() == 200
				? deliveries(eventId).valueStream().map((d) -> d.get("id").asString()).toList() : List.of();
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

	private static String decoded(MimeMessage message) throws Exception {
		Object content = message.getContent();
		if (content instanceof jakarta.mail.Multipart multipart) {
			StringBuilder all = new StringBuilder();
			for (int i = 0; i < multipart.getCount(); i++) {
				all.append(multipart.getBodyPart(i).getContent()).append('\n');
			}
			return all.toString();
		}
		return String.valueOf(content);
	}

}
