package dev.herald.channels.sms.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TwilioSmsProviderTests {

	private static final String ACCOUNT_SID = FakeTwilio.ACCOUNT_SID;

	private final TwilioSmsProvider provider = new TwilioSmsProvider();

	@Test
	void describesItselfAsTheTwilioSmsProvider() {
		assertThat(this.provider.id()).isEqualTo("twilio");
		assertThat(this.provider.channel()).isEqualTo(ChannelType.SMS);
		assertThat(this.provider.requiredSettings()).containsExactly("accountSid");
		assertThat(this.provider.requiredSecrets()).isEmpty();
	}

	@Test
	void talksToTwilioItselfByDefault() {
		TwilioSmsChannel channel = create(settings(Map.of(), Map.of(), "baseUrl"));

		assertThat(channel.provider()).isEqualTo("twilio");
		assertThat(channel.type()).isEqualTo(ChannelType.SMS);
		assertThat(channel.settings().messagesUrl())
			.isEqualTo(URI.create("https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json"));
		assertThat(channel.settings().credentials().username()).isEqualTo(ACCOUNT_SID);
	}

	@Test
	void connectsWithinFiveSecondsAndWaitsFifteenForAnAnswer() {
		TwilioSmsChannel channel = create(settings(Map.of(), Map.of()));

		assertThat(channel.client().connectTimeout()).isEqualTo(Optional.of(Duration.ofSeconds(5)));
		assertThat(channel.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void everyTenantsChannelSharesOneHttpClient() {
		TwilioSmsChannel first = create(settings(Map.of(), Map.of()));
		TwilioSmsChannel second = create(settings(Map.of("from", "+14155550199"), Map.of("authToken", "other")));

		assertThat(second.client()).isSameAs(first.client());
		assertThat(second.settings().from()).isEqualTo("+14155550199");
	}

	@Test
	void refusesAConfigurationWithoutAccountSid() {
		assertThatIllegalArgumentException().isThrownBy(() -> create(settings(Map.of(), Map.of(), "accountSid")))
			.withMessage("provider twilio needs the setting 'accountSid'");
	}

	@Test
	void refusesAConfigurationWithoutSender() {
		assertThatIllegalArgumentException().isThrownBy(() -> create(settings(Map.of("from", " "), Map.of())))
			.withMessage("provider twilio needs the setting 'from' (the sender number or id) or 'messagingServiceSid'");
	}

	@Test
	void refusesAConfigurationWithoutAuthToken() {
		assertThatIllegalArgumentException().isThrownBy(() -> create(settings(Map.of(), Map.of(), "authToken")))
			.withMessage("provider twilio needs the secret 'authToken'");
	}

	@Test
	void refusesAnApiKeyWithoutItsSecret() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(settings(Map.of("apiKeySid", "SK0123456789abcdef0123456789abcdef"), Map.of())))
			.withMessage("provider twilio needs the secret 'apiKeySecret'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "AC/../../Accounts/ACother", "AC?x=1", "AC 123", "A", "AC:123" })
	void refusesAnAccountSidThatIsNotASid(String accountSid) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(settings(Map.of("accountSid", accountSid), Map.of())))
			.withMessage("provider twilio: the setting 'accountSid' must be a Twilio SID (letters, digits),"
					+ " such as AC0123456789abcdef0123456789abcdef");
	}

	@Test
	void refusesAnApiKeySidWithAColon() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(settings(Map.of("apiKeySid", "SK:x"), Map.of("apiKeySecret", "s"))))
			.withMessageStartingWith("provider twilio: the setting 'apiKeySid' must be a Twilio SID");
	}

	@Test
	void refusesASenderWithALineBreak() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(settings(Map.of("from", "+14155550100\r\nX"), Map.of())))
			.withMessage("provider twilio: the setting 'from' must not contain control characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://api.twilio.com", "http://10.0.0.7:8080", "http://twilio.internal" })
	void refusesPlainHttpBeyondThisMachine(String baseUrl) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(settings(Map.of("baseUrl", baseUrl), Map.of())))
			.withMessage(
					"provider twilio: the setting 'baseUrl' must use https: every request carries the credentials");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://api.twilio.com", "api.twilio.com", "/2010-04-01", "https:///path" })
	void refusesABaseUrlThatIsNotAnAbsoluteHttpUrl(String baseUrl) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(settings(Map.of("baseUrl", baseUrl), Map.of())))
			.withMessage("provider twilio: the setting 'baseUrl' must be an absolute http or https URL");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://api.twilio.com?region=x", "https://api.twilio.com#x" })
	void refusesABaseUrlWithQueryOrFragment(String baseUrl) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(settings(Map.of("baseUrl", baseUrl), Map.of())))
			.withMessageContaining("without credentials, query or fragment");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8089", "http://127.0.0.1:8089", "http://[::1]:8089",
			"https://api.dublin.ie1.twilio.com", "https://example.signalwire.com/api/laml" })
	void acceptsHttpsAndThisMachinesOwnFakesOverHttp(String baseUrl) {
		TwilioSmsChannel channel = create(settings(Map.of("baseUrl", baseUrl), Map.of()));

		assertThat(channel.settings().messagesUrl())
			.isEqualTo(URI.create(baseUrl + "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json"));
	}

	@Test
	void refusesAStatusCallbackThatIsNotAUrl() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(settings(Map.of("statusCallbackUrl", "/webhooks/twilio"), Map.of())))
			.withMessage("provider twilio: the setting 'statusCallbackUrl' must be an absolute http or https URL");
	}

	private TwilioSmsChannel create(ProviderSettings settings) {
		return (TwilioSmsChannel) this.provider.create(settings);
	}

	private static ProviderSettings settings(Map<String, String> values, Map<String, String> secrets,
			String... without) {
		Map<String, String> allValues = new HashMap<>(
				Map.of("accountSid", ACCOUNT_SID, "from", "+14155550100", "baseUrl", "http://127.0.0.1:1"));
		Map<String, String> allSecrets = new HashMap<>(Map.of("authToken", FakeTwilio.AUTH_TOKEN));
		allValues.putAll(values);
		allSecrets.putAll(secrets);
		for (String key : without) {
			allValues.remove(key);
			allSecrets.remove(key);
		}
		return new ProviderSettings("twilio", allValues, allSecrets);
	}

}
