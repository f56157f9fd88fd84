package dev.herald.functions.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.herald.db.status.ProviderStatus;
import dev.herald.db.suppression.SuppressionRepository.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Twilio's status callback parameters, as Twilio documents them for the Messages resource's StatusCallback. */
class TwilioStatusTests {

	static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

	@ParameterizedTest
	@CsvSource({ "queued, sent", "sent, sent", "delivered, delivered", "undelivered, failed", "failed, failed",
			"read, opened" })
	void eachMessageStatusMapsToADeliveryStatus(String messageStatus, String expected) {
		StatusEvent event = read(callback(messageStatus, null));

		assertThat(event.status().id()).isEqualTo(expected);
		assertThat(event.messageId()).isEqualTo("SM1234567890abcdef1234567890abcdef");
		assertThat(event.occurredAt()).isEqualTo(NOW);
		assertThat(event.recipient()).isEqualTo("+15558675310");
		assertThat(event.suppress()).isEmpty();
	}

	@Test
	void anUndeliveredMessageToAnOptedOutNumberSuppressesIt() {
		StatusEvent event = read(callback("undelivered", "21610"));

		assertThat(event.status()).isEqualTo(ProviderStatus.FAILED);
		assertThat(event.detail()).isEqualTo("undelivered, error 21610");
		assertThat(event.suppress()).containsExactly("+15558675310");
		assertThat(event.suppressReason()).isEqualTo(Reason.OPTED_OUT);
	}

	@Test
	void anUnknownHandsetIsUnreachableAndACarrierHiccupSuppressesNothing() {
		assertThat(read(callback("failed", "30005")).suppressReason()).isEqualTo(Reason.UNREACHABLE);
		assertThat(read(callback("undelivered", "30008")).suppress()).as("30008 Unknown error").isEmpty();
	}

	@Test
	void eachStatusOfAMessageHasItsOwnKeyAndARepeatTheSame() {
		assertThat(read(callback("sent", null)).key()).isEqualTo("SM1234567890abcdef1234567890abcdef:sent");
		assertThat(read(callback("delivered", null)).key()).isNotEqualTo(read(callback("sent", null)).key());
	}

	@Test
	void theOlderSmsParameterNamesAreReadToo() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("SmsSid", "SM1234567890abcdef1234567890abcdef");
		form.put("SmsStatus", "delivered");

		assertThat(read(form).status()).isEqualTo(ProviderStatus.DELIVERED);
	}

	@Test
	void aCallbackWithoutSidOrStatusIsInvalidAndAnUnknownStatusIgnored() {
		assertThat(TwilioStatus.read(Map.of("MessageStatus", "sent"), NOW))
			.isEqualTo(Reading.invalid("a Twilio status callback needs MessageSid and MessageStatus"));
		assertThat(TwilioStatus.read(callback("teleported", null), NOW)).isInstanceOfSatisfying(
				Reading.NotAnEvent.class, (not) -> assertThat(not.report()).isInstanceOf(StatusReport.Ignored.class));
	}

	/** The parameters Twilio posts for a message status change. */
	static Map<String, String> callback(String status, String errorCode) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("AccountSid", "AC1234567890abcdef1234567890abcdef");
		form.put("ApiVersion", "2010-04-01");
		form.put("From", "+15017122661");
		form.put("MessageSid", "SM1234567890abcdef1234567890abcdef");
		form.put("MessageStatus", status);
		form.put("SmsSid", "SM1234567890abcdef1234567890abcdef");
		form.put("SmsStatus", status);
		form.put("To", "+15558675310");
		if (errorCode != null) {
			form.put("ErrorCode", errorCode);
		}
		return form;
	}

	private static StatusEvent read(Map<String, String> form) {
		Reading reading = TwilioStatus.read(form, NOW);
		assertThat(reading).isInstanceOf(Reading.Event.class);
		return ((Reading.Event) reading).event();
	}

}
