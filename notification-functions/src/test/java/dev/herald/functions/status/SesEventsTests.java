package dev.herald.functions.status;

import java.time.Instant;
import java.util.UUID;

import dev.herald.db.status.ProviderStatus;
import dev.herald.db.suppression.SuppressionRepository.Reason;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Each SES event type, read from the documented sample of what SES publishes to SNS. */
class SesEventsTests {

	@Test
	void aSendEventMeansSesAcceptedTheMessage() {
		StatusEvent event = read("send");

		assertThat(event.status()).isEqualTo(ProviderStatus.SENT);
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-08-05T00:40:02.012Z"));
		assertThat(event.messageId()).isEqualTo(SesSamples.MESSAGE_ID);
		assertThat(event.provider()).isEqualTo("ses");
	}

	@Test
	void aDeliveryIsDeliveredAtItsOwnTimestampWithTheSmtpResponse() {
		StatusEvent event = read("delivery");

		assertThat(event.status()).isEqualTo(ProviderStatus.DELIVERED);
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-08-05T00:40:03.669Z"));
		assertThat(event.recipient()).isEqualTo("recipient@example.com");
		assertThat(event.detail()).isEqualTo("250 2.6.0 Message received");
		assertThat(event.suppress()).isEmpty();
	}

	@Test
	void aPermanentBounceIsBouncedAndSuppressesTheBouncedRecipients() {
		StatusEvent event = read("bounce-permanent");

		assertThat(event.status()).isEqualTo(ProviderStatus.BOUNCED);
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-08-05T00:41:02.669Z"));
		assertThat(event.detail()).isEqualTo("Permanent/General: smtp; 550 5.1.1 user unknown");
		assertThat(event.suppress()).containsExactly("recipient@example.com");
		assertThat(event.suppressReason()).isEqualTo(Reason.HARD_BOUNCE);
	}

	@Test
	void aTransientBounceIsASoftBounceThatSuppressesNothing() {
		StatusEvent event = read("bounce-transient");

		assertThat(event.status()).isEqualTo(ProviderStatus.SOFT_BOUNCED);
		assertThat(event.detail()).startsWith("Transient/MailboxFull");
		assertThat(event.suppress()).isEmpty();
		assertThat(event.suppressReason()).isNull();
	}

	@Test
	void aComplaintSuppressesTheComplainingRecipient() {
		StatusEvent event = read("complaint");

		assertThat(event.status()).isEqualTo(ProviderStatus.COMPLAINED);
		assertThat(event.detail()).isEqualTo("complaint (abuse)");
		assertThat(event.suppress()).containsExactly("recipient@example.com");
		assertThat(event.suppressReason()).isEqualTo(Reason.COMPLAINT);
	}

	@Test
	void aRejectIsAFailureWithSesReason() {
		StatusEvent event = read("reject");

		assertThat(event.status()).isEqualTo(ProviderStatus.FAILED);
		assertThat(event.detail()).isEqualTo("rejected by SES: Bad content");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-08-05T00:40:02.012Z"));
	}

	@Test
	void aDeliveryDelaySaysWhyAndUntilWhenSesKeepsTrying() {
		StatusEvent event = read("delivery-delay");

		assertThat(event.status()).isEqualTo(ProviderStatus.DELAYED);
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2020-06-16T03:43:02.176Z"));
		assertThat(event.detail()).contains("TransientCommunicationFailure")
			.contains("Unable to lookup DNS")
			.contains("2020-06-16T19:43:02.108Z");
		assertThat(event.suppress()).isEmpty();
	}

	@Test
	void anOpenIsOpenedAtItsTimestamp() {
		StatusEvent event = read("open");

		assertThat(event.status()).isEqualTo(ProviderStatus.OPENED);
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-08-09T22:00:19.652Z"));
	}

	@Test
	void aClickNamesTheLink() {
		StatusEvent event = read("click");

		assertThat(event.status()).isEqualTo(ProviderStatus.CLICKED);
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-08-09T23:51:25.570Z"));
		assertThat(event.detail())
			.isEqualTo("clicked http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html");
	}

	@Test
	void aRenderingFailureIsAFailureNamingTheTemplate() {
		StatusEvent event = read("rendering-failure");

		assertThat(event.status()).isEqualTo(ProviderStatus.FAILED);
		assertThat(event.detail()).contains("MyTemplate").contains("Attribute 'attributeName' is not present");
	}

	@Test
	void theSameEventHasTheSameKeyHoweverItsJsonIsLaidOutAndDifferentEventsDifferentKeys() {
		String compact = JsonMapper.builder().build().readTree(SesSamples.json("open")).toString();

		assertThat(read("open").key()).isEqualTo(((Reading.Event) SesEvents.read(compact)).event().key());
		assertThat(read("open").key()).isNotEqualTo(read("click").key());
		assertThat(read("bounce-permanent").key()).isNotEqualTo(read("bounce-transient").key());
	}

	@Test
	void heraldsDeliveryTagIsReadFromTheMailTags() {
		UUID delivery = UUID.randomUUID();
		String tagged = SesSamples.json("delivery")
			.replace("\"ses:configuration-set\": [", "\"herald-delivery-id\": [\"" + delivery + "\"],\n"
					+ "      \"ses:configuration-set\": [");

		assertThat(((Reading.Event) SesEvents.read(tagged)).event().deliveryId()).isEqualTo(delivery);
		assertThat(read("delivery").deliveryId()).isNull();
	}

	@Test
	void anSesNotificationOfTheOlderKindIsReadByItsNotificationType() {
		String notification = SesSamples.json("bounce-permanent").replace("\"eventType\"", "\"notificationType\"");

		assertThat(((Reading.Event) SesEvents.read(notification)).event().status()).isEqualTo(ProviderStatus.BOUNCED);
	}

	@Test
	void aSubscriptionEventIsIgnoredWithTheReason() {
		Reading reading = SesEvents.read(SesSamples.json("send").replace("\"Send\"", "\"Subscription\""));

		assertThat(reading).isInstanceOfSatisfying(Reading.NotAnEvent.class,
				(not) -> assertThat(not.report()).isInstanceOf(StatusReport.Ignored.class));
	}

	@Test
	void somethingThatIsNotAnSesEventIsInvalidWithTheReason() {
		assertThat(SesEvents.read("{oops")).isEqualTo(Reading.invalid("not JSON: " + notJsonMessage()));
		assertThat(SesEvents.read("{\"eventType\":\"Bounce\"}")).isEqualTo(Reading.invalid(
				"an SES event needs 'eventType' (or 'notificationType') and 'mail.messageId'"));
		assertThat(SesEvents.read("[]")).isEqualTo(Reading.invalid("an SES event is a JSON object"));
	}

	private static String notJsonMessage() {
		return ((StatusReport.Invalid) ((Reading.NotAnEvent) SesEvents.read("{oops")).report()).reason()
			.substring("not JSON: ".length());
	}

	private static StatusEvent read(String sample) {
		Reading reading = SesEvents.read(SesSamples.json(sample));
		assertThat(reading).isInstanceOf(Reading.Event.class);
		return ((Reading.Event) reading).event();
	}

}
