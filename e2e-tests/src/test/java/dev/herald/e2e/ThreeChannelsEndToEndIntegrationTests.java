package dev.herald.e2e;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.channels.push.webpush.Browser;
import dev.herald.channels.push.webpush.VapidKeyPair;
import dev.herald.events.EventType;
import dev.herald.events.SampleEvents;
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
 * One shipment event for a customer with an email address, a phone number and a browser subscribed to Web Push: the
 * shop configures Twilio and Web Push through the API, and exactly one message arrives on each of the three channels —
 * the email at an SMTP server, the SMS at a stand-in of Twilio's API, the push notification at a stand-in push
 * service, where the test, playing the browser, decrypts it.
 */
class ThreeChannelsEndToEndIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static E2eDatabase database;

	private static GreenMail smtp;

	private static RecordingHttpServer twilio;

	private static RecordingHttpServer pushService;

	private static HeraldServer server;

	@BeforeAll
	static void startHerald() throws Exception {
		database = E2eDatabase.create();
		int smtpPort = HeraldServer.freePort();
		smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		smtp.start();
		twilio = new RecordingHttpServer(201, "application/json",
				"{\"sid\":\"SM0123456789abcdef0123456789abcdef\",\"status\":\"queued\"}");
		pushService = new RecordingHttpServer(201, "text/plain", "");
		server = HeraldServer.start("three-channels", database, smtpPort, Map.of());
	}

	@AfterAll
	static void stopHerald() throws Exception {
		if (server != null) {
			server.close();
		}
		smtp.stop();
		twilio.close();
		pushService.close();
		database.close();
	}

	@Test
	void aShipmentEventReachesTheCustomerOnceByEmailOnceBySmsAndOnceByPush() throws Exception {
		VapidKeyPair vapid = VapidKeyPair.generate();
		assertThat(server.put("/api/v1/providers/sms", """
				{"providers": [{"provider": "twilio",
				  "settings": {"accountSid": "AC0123456789abcdef0123456789abcdef", "from": "+15005550006", "baseUrl": "%s"},
				  "secrets": {"authToken": "e2e-twilio-auth-token"}}]}""".formatted(twilio.baseUrl())).statusCode())
			.isEqualTo(200);
		assertThat(server.put("/api/v1/providers/push", """
				{"providers": [{"provider": "webpush",
				  "settings": {"subject": "mailto:ops@shop.example", "publicKey": "%s", "allowInsecureEndpoints": "true"},
				  "secrets": {"privateKey": "%s"}}]}""".formatted(vapid.publicKey(), vapid.privateKey())).statusCode())
			.isEqualTo(200);
		ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.json(EventType.SHIPMENT_DISPATCHED, "e2e-" + UUID.randomUUID()));
		JsonNode customer = event.get("data").get("customer");
		Browser browser = Browser.subscribe();
		HttpResponse<String> device = server.post("/api/v1/recipients/" + customer.get("id").asString() + "/devices", """
				{"platform": "webpush", "token": "%s/push/subscription-1", "keys": {"p256dh": "%s", "auth": "%s"}}"""
			.formatted(pushService.baseUrl(), browser.p256dh(), browser.auth()));
		assertThat(device.statusCode()).as(device.body()).isEqualTo(201);

		HttpResponse<String> posted = server.postEvent(event.toString());

		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
		assertThat(JSON.readTree(posted.body()).get("deliveries").asInt()).isEqualTo(3);
		String eventId = event.get("id").asString();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(eventId))
			.allSatisfy((delivery) -> assertThat(delivery.get("state").asString()).as(delivery.toString()).isEqualTo("delivered")));
		Thread.sleep(1500);

		List<MimeMessage> mails = Arrays.stream(smtp.getReceivedMessages()).toList();
		assertThat(mails).hasSize(1);
		assertThat(mails.getFirst().getAllRecipients()[0].toString()).contains(customer.get("email").asString());

		assertThat(twilio.requests()).hasSize(1);
		RecordingHttpServer.Request sms = twilio.requests().getFirst();
		assertThat(sms.uri()).isEqualTo("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
		assertThat(sms.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
			.encodeToString("AC0123456789abcdef0123456789abcdef:e2e-twilio-auth-token".getBytes(StandardCharsets.UTF_8)));
		Map<String, String> form = form(sms.text());
		assertThat(form).containsEntry("To", customer.get("phone").asString()).containsEntry("From", "+15005550006");
		assertThat(form.get("Body")).contains(event.get("data").get("trackingNumber").asString());

		assertThat(pushService.requests()).hasSize(1);
		RecordingHttpServer.Request push = pushService.requests().getFirst();
		assertThat(push.uri()).isEqualTo("/push/subscription-1");
		assertThat(push.header("Content-Encoding")).isEqualTo("aes128gcm");
		assertThat(push.header("Authorization")).startsWith("vapid t=").contains("k=" + vapid.publicKey());
		JsonNode notification = JSON.readTree(browser.decrypt(push.body()));
		assertThat(notification.get("title").asString()).isEqualTo("Your order is on its way");
		assertThat(notification.get("body").asString()).contains(event.get("data").get("trackingNumber").asString());
		assertThat(notification.get("data").get("url").asString()).isEqualTo(event.get("data").get("trackingUrl").asString());

		assertThat(deliveries(eventId)).extracting((delivery) -> delivery.get("provider").asString())
			.containsExactlyInAnyOrder("smtp", "twilio", "webpush");
	}

	private static List<JsonNode> deliveries(String eventId) throws Exception {
		HttpResponse<String> response = server.get("/api/v1/events/" + eventId + "/deliveries");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("deliveries").valueStream().toList();
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new HashMap<>();
		for (String pair : body.split("&")) {
			String[] parts = pair.split("=", 2);
			form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode((parts.length > 1) ? parts[1] : "", StandardCharsets.UTF_8));
		}
		return form;
	}

}
