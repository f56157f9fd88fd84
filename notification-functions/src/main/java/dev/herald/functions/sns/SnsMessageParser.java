package dev.herald.functions.sns;

import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses an SNS HTTP(S) message body. Whatever the input, the answer is a {@link SnsParseResult}: garbage is
 * {@link SnsParseResult.Malformed} with the reason, never an exception.
 */
public final class SnsMessageParser {

	/** SNS messages are at most 256 KiB; JSON escaping can grow one, but not past this. */
	public static final int MAX_BODY_CHARS = 2 * 1024 * 1024;

	private static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
			// Two "Message" members could be read differently by whoever checked the signature and whoever ingests.
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build())
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** The longest value each field may have, beyond which the message is refused; checked in this order. */
	private static final List<Map.Entry<String, Integer>> MAX_LENGTHS = List.of(Map.entry("Type", 64),
			Map.entry("MessageId", 200), Map.entry("TopicArn", 1024), Map.entry("Subject", 1024),
			Map.entry("Message", MAX_BODY_CHARS), Map.entry("Timestamp", 64), Map.entry("SignatureVersion", 8),
			Map.entry("Signature", 4096), Map.entry("SigningCertURL", 2048), Map.entry("SubscribeURL", 4096),
			Map.entry("Token", 4096), Map.entry("UnsubscribeURL", 4096));

	private static final Set<String> ALWAYS = Set.of("Type", "MessageId", "TopicArn", "Message", "Timestamp",
			"SignatureVersion", "Signature", "SigningCertURL");

	private SnsMessageParser() {
	}

	public static SnsParseResult parse(String body) {
		if (body == null || body.isBlank()) {
			return new SnsParseResult.Malformed("the body is empty");
		}
		if (body.length() > MAX_BODY_CHARS) {
			return new SnsParseResult.Malformed("the body is larger than " + MAX_BODY_CHARS + " characters");
		}
		JsonNode root;
		try {
			root = MAPPER.readTree(body);
		}
		catch (RuntimeException ex) {
			return new SnsParseResult.Malformed("the body is not one JSON object: " + firstLine(ex.getMessage()));
		}
		if (root == null || !root.isObject()) {
			return new SnsParseResult.Malformed("the body is not a JSON object");
		}
		for (Map.Entry<String, Integer> field : MAX_LENGTHS) {
			JsonNode value = root.get(field.getKey());
			if (value == null || value.isNull()) {
				if (ALWAYS.contains(field.getKey())) {
					return new SnsParseResult.Malformed("'" + field.getKey() + "' is missing");
				}
				continue;
			}
			if (!value.isString()) {
				return new SnsParseResult.Malformed("'" + field.getKey() + "' must be a string");
			}
			if (value.stringValue().length() > field.getValue()) {
				return new SnsParseResult.Malformed(
						"'" + field.getKey() + "' is longer than " + field.getValue() + " characters");
			}
		}
		SnsMessage.Type type = SnsMessage.Type.fromWireName(text(root, "Type"));
		if (type == null) {
			return new SnsParseResult.Malformed("'Type' must be Notification, SubscriptionConfirmation or "
					+ "UnsubscribeConfirmation");
		}
		if (type != SnsMessage.Type.NOTIFICATION && (text(root, "SubscribeURL") == null || text(root, "Token") == null)) {
			return new SnsParseResult.Malformed("a " + type.wireName() + " needs 'SubscribeURL' and 'Token'");
		}
		if (text(root, "MessageId").isBlank() || text(root, "TopicArn").isBlank()) {
			return new SnsParseResult.Malformed("'MessageId' and 'TopicArn' must not be blank");
		}
		return new SnsParseResult.Parsed(new SnsMessage(type, text(root, "MessageId"), text(root, "TopicArn"),
				(type == SnsMessage.Type.NOTIFICATION) ? text(root, "Subject") : null, text(root, "Message"),
				text(root, "Timestamp"), text(root, "SignatureVersion"), text(root, "Signature"),
				text(root, "SigningCertURL"), text(root, "SubscribeURL"), text(root, "Token")));
	}

	private static String text(JsonNode root, String field) {
		JsonNode value = root.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		String line = message.lines().findFirst().orElse("");
		return (line.length() > 200) ? line.substring(0, 200) + "…" : line;
	}

}
