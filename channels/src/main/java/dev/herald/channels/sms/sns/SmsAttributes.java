package dev.herald.channels.sms.sns;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * The SMS message attributes SNS reads from a Publish to a phone number.
 *
 * @param smsType {@code Transactional} (routed for reliability) or {@code Promotional} (for cost)
 * @param senderId the alphanumeric sender shown where the destination country supports one, or {@code null}
 * @param originationNumber the E.164 number to send from, or {@code null} to let SNS choose
 */
record SmsAttributes(String smsType, String senderId, String originationNumber) {

	static final String TRANSACTIONAL = "Transactional";

	static final String PROMOTIONAL = "Promotional";

	Map<String, MessageAttributeValue> toMessageAttributes() {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		attributes.put("AWS.SNS.SMS.SMSType", string(this.smsType));
		if (this.senderId != null) {
			attributes.put("AWS.SNS.SMS.SenderID", string(this.senderId));
		}
		if (this.originationNumber != null) {
			attributes.put("AWS.MM.SMS.OriginationNumber", string(this.originationNumber));
		}
		return attributes;
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
