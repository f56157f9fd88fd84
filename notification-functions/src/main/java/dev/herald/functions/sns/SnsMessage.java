package dev.herald.functions.sns;

import java.util.Map;
import java.util.Objects;

/**
 * One SNS HTTP(S) message as received, every field exactly as it was sent (the signature covers those exact
 * strings: nothing is re-formatted, not even the timestamp).
 *
 * @param subject the Notification's subject; {@code null} when absent
 * @param subscribeUrl for confirmations only
 * @param token for confirmations only
 */
public record SnsMessage(Type type, String messageId, String topicArn, String subject, String message,
		String timestamp, String signatureVersion, String signature, String signingCertUrl, String subscribeUrl,
		String token) {

	public SnsMessage {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(messageId, "messageId");
		Objects.requireNonNull(topicArn, "topicArn");
	}

	/** The SNS message types an HTTP(S) endpoint receives. */
	public enum Type {

		NOTIFICATION("Notification"), SUBSCRIPTION_CONFIRMATION("SubscriptionConfirmation"),
		UNSUBSCRIBE_CONFIRMATION("UnsubscribeConfirmation");

		private static final Map<String, Type> BY_WIRE_NAME = Map.of("Notification", NOTIFICATION,
				"SubscriptionConfirmation", SUBSCRIPTION_CONFIRMATION, "UnsubscribeConfirmation",
				UNSUBSCRIBE_CONFIRMATION);

		private final String wireName;

		Type(String wireName) {
			this.wireName = wireName;
		}

		public String wireName() {
			return this.wireName;
		}

		static Type fromWireName(String name) {
			return BY_WIRE_NAME.get(name);
		}

	}

	/**
	 * The string SNS signed, as AWS documents it: the type's fields in this order, each as {@code Name\nValue\n};
	 * a Notification's Subject only when it has one.
	 */
	public String canonicalString() {
		StringBuilder canonical = new StringBuilder();
		append(canonical, "Message", this.message);
		append(canonical, "MessageId", this.messageId);
		if (this.type == Type.NOTIFICATION) {
			if (this.subject != null) {
				append(canonical, "Subject", this.subject);
			}
		}
		else {
			append(canonical, "SubscribeURL", this.subscribeUrl);
		}
		append(canonical, "Timestamp", this.timestamp);
		if (this.type != Type.NOTIFICATION) {
			append(canonical, "Token", this.token);
		}
		append(canonical, "TopicArn", this.topicArn);
		append(canonical, "Type", this.type.wireName());
		return canonical.toString();
	}

	private static void append(StringBuilder canonical, String name, String value) {
		canonical.append(name).append('\n').append(value).append('\n');
	}

}
