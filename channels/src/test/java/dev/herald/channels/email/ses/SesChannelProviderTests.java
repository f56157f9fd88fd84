package dev.herald.channels.email.ses;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.aws.AwsAccess;
import dev.herald.channels.ProviderSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SesChannelProviderTests {

	private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

	private final SesChannelProvider provider = new SesChannelProvider();

	@Test
	void providerIsSesForEmailAndNeedsARegionAndASender() {
		assertThat(this.provider.id()).isEqualTo("ses");
		assertThat(this.provider.channel()).isEqualTo(ChannelType.EMAIL);
		assertThat(this.provider.requiredSettings()).containsExactlyInAnyOrder("region", "from");
		assertThat(this.provider.requiredSecrets()).as("keys are optional: the default credentials chain").isEmpty();
	}

	@Test
	void channelIsCreatedFromCompleteSettings() {
		var channel = this.provider.create(settings(Map.of(), keys()));

		assertThat(channel.provider()).isEqualTo("ses");
		assertThat(channel.type()).isEqualTo(ChannelType.EMAIL);
	}

	@Test
	void channelWithoutKeysUsesTheDefaultCredentialsChainOnlyWhenAskedTo() {
		var channel = this.provider.create(settings(Map.of(AwsAccess.USE_INSTANCE_CREDENTIALS, "true"), Map.of()));

		assertThat(channel.toString()).contains("default chain");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings(Map.of(), Map.of())))
			.withMessageContaining("needs the secrets 'accessKeyId' and 'secretAccessKey'");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			region           |                            | provider ses needs the setting 'region'
			region           | eu west 1                  | the setting 'region' must be an AWS region such as eu-west-1
			from             |                            | provider ses needs the setting 'from'
			from             | Orders <orders@shop.test>  | provider ses: fromAddress "Orders <orders@shop.test>" is not a valid address
			from             | orders                     | provider ses: fromAddress "orders" is not a valid address
			replyTo          | help@                      | provider ses: replyTo "help@" is not a valid address
			messageIdDomain  | shop.test>                 | provider ses: messageIdDomain must be a host name
			configurationSet | herald events              | the setting 'configurationSet' must be an SES configuration set name
			endpoint         | ftp://ses.test             | the setting 'endpoint' must be an http or https URL
			endpoint         | https://user:pw@ses.test   | the setting 'endpoint' must be an http or https URL
			endpoint         | not a url                  | the setting 'endpoint' must be a URL
			""")
	void missingOrMalformedSettingIsRefusedWithAReasonNamingIt(String key, String value, String reason) {
		Map<String, String> values = new HashMap<>(Map.of("region", "eu-west-1", "from", "orders@shop.test"));
		if (value == null) {
			values.remove(key);
		}
		else {
			values.put(key, value);
		}
		ProviderSettings settings = new ProviderSettings("ses", values, keys());

		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings))
			.withMessageContaining(reason)
			.withMessageNotContaining(SECRET);
	}

	@Test
	void oneKeyWithoutTheOtherIsRefusedWithoutQuotingEither() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(settings(Map.of(), Map.of("secretAccessKey", SECRET))))
			.withMessage("provider ses needs both secrets 'accessKeyId' and 'secretAccessKey'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider
				.create(settings(Map.of(), Map.of("accessKeyId", "not-a-key", "secretAccessKey", SECRET))))
			.withMessageContaining("the secret 'accessKeyId' is not an AWS access key id")
			.withMessageNotContaining("not-a-key")
			.withMessageNotContaining(SECRET);
	}

	@Test
	void settingsNeverShowTheirSecrets() {
		assertThat(settings(Map.of(), keys()).toString()).doesNotContain(SECRET, "AKIAIOSFODNN7EXAMPLE");
		assertThat(this.provider.create(settings(Map.of(), keys())).toString()).doesNotContain(SECRET);
	}

	@Test
	void providerIsABeanWhateverTheConfiguredEmailProvider() {
		new ApplicationContextRunner().withUserConfiguration(SesEmailConfiguration.class)
			.run((context) -> assertThat(context.getBeansOfType(ChannelProvider.class).values())
				.extracting(ChannelProvider::id)
				.containsExactly("ses"));
	}

	/** The region and sender with {@code values} on top. */
	private static ProviderSettings settings(Map<String, String> values, Map<String, String> secrets) {
		Map<String, String> all = new HashMap<>(Map.of("region", "eu-west-1", "from", "orders@shop.test"));
		all.putAll(values);
		return new ProviderSettings("ses", all, secrets);
	}

	private static Map<String, String> keys() {
		return Map.of("accessKeyId", "AKIAIOSFODNN7EXAMPLE", "secretAccessKey", SECRET);
	}

}
