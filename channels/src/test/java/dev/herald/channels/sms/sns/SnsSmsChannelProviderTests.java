package dev.herald.channels.sms.sns;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SnsSmsChannelProviderTests {

	private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

	private final SnsSmsChannelProvider provider = new SnsSmsChannelProvider();

	@Test
	void providerIsSnsSmsAndNeedsOnlyARegion() {
		assertThat(this.provider.id()).isEqualTo("sns-sms");
		assertThat(this.provider.channel()).isEqualTo(ChannelType.SMS);
		assertThat(this.provider.requiredSettings()).containsExactly("region");
		assertThat(this.provider.requiredSecrets()).isEmpty();
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			region            |                  | provider sns-sms needs the setting 'region'
			region            | Frankfurt        | the setting 'region' must be an AWS region such as eu-west-1
			smsType           | Urgent           | the setting 'smsType' must be Transactional or Promotional
			senderId          | Herald Shop      | the setting 'senderId' must be 1 to 11 letters and digits, at least one a letter
			senderId          | 123456           | the setting 'senderId' must be 1 to 11 letters and digits, at least one a letter
			senderId          | HeraldShopXYZ    | the setting 'senderId' must be 1 to 11 letters and digits, at least one a letter
			originationNumber | 030123456        | the setting 'originationNumber' must be a phone number in E.164 format
			endpoint          | sns.local        | the setting 'endpoint' must be an http or https URL
			""")
	void missingOrMalformedSettingIsRefusedWithAReasonNamingIt(String key, String value, String reason) {
		Map<String, String> values = new HashMap<>(Map.of("region", "eu-central-1"));
		if (value == null) {
			values.remove(key);
		}
		else {
			values.put(key, value);
		}
		ProviderSettings settings = new ProviderSettings("sns-sms", values,
				Map.of("accessKeyId", "AKIAIOSFODNN7EXAMPLE", "secretAccessKey", SECRET));

		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings))
			.withMessageContaining(reason)
			.withMessageNotContaining(SECRET);
	}

	@Test
	void channelDescribesItsSettingsButNotItsSecret() {
		var channel = this.provider.create(new ProviderSettings("sns-sms",
				Map.of("region", "eu-central-1", "senderId", "HeraldShop"),
				Map.of("accessKeyId", "AKIAIOSFODNN7EXAMPLE", "secretAccessKey", SECRET)));

		assertThat(channel.toString()).contains("eu-central-1", "HeraldShop", "Transactional").doesNotContain(SECRET);
	}

	@Test
	void providerIsABean() {
		new ApplicationContextRunner().withUserConfiguration(SnsSmsConfiguration.class)
			.run((context) -> assertThat(context.getBeansOfType(ChannelProvider.class).values())
				.extracting(ChannelProvider::id)
				.containsExactly("sns-sms"));
	}

}
