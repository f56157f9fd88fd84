package dev.herald.channels.push.sns;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.herald.channels.OutboundMessage;

/**
 * The JSON message of a Publish with {@code MessageStructure=json}: one payload per platform, SNS picks the one for
 * the endpoint's platform application. {@code GCM} is an FCM HTTP v1 message, {@code APNS} (or {@code APNS_SANDBOX})
 * an APNs payload with the data as custom keys beside {@code aps}, {@code default} the text for any other platform.
 */
final class PushPayloads {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String apnsKey;

	PushPayloads(boolean apnsSandbox) {
		this.apnsKey = apnsSandbox ? "APNS_SANDBOX" : "APNS";
	}

	String message(OutboundMessage message) {
		String title = message.subject();
		String body = message.textBody();
		ObjectNode root = json.createObjectNode();
		root.put("default", (body != null) ? body : title);
		// SNS wants each platform's payload as a JSON string inside the JSON message.
		root.put("GCM", json.writeValueAsString(fcm(title, body, message.data())));
		root.put(this.apnsKey, json.writeValueAsString(apns(title, body, message.data())));
		return json.writeValueAsString(root);
	}

	private static ObjectNode fcm(String title, String body, Map<String, String> data) {
		ObjectNode fcm = json.createObjectNode();
		ObjectNode fcmMessage = fcm.putObject("fcmV1Message").putObject("message");
		alert(fcmMessage.putObject("notification"), title, body);
		if (!data.isEmpty()) {
			ObjectNode fcmData = fcmMessage.putObject("data");
			data.forEach(fcmData::put);
		}
		return fcm;
	}

	private static ObjectNode apns(String title, String body, Map<String, String> data) {
		ObjectNode apns = json.createObjectNode();
		alert(apns.putObject("aps").putObject("alert"), title, body);
		// Custom keys sit beside aps; none may replace it.
		data.forEach((key, value) -> {
			if (!key.equals("aps")) {
				apns.put(key, value);
			}
		});
		return apns;
	}

	private static void alert(ObjectNode alert, String title, String body) {
		if (title != null) {
			alert.put("title", title);
		}
		if (body != null) {
			alert.put("body", body);
		}
	}

}
