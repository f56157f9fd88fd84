package dev.herald.db.provider;

import java.util.List;
import java.util.Map;

import dev.herald.db.provider.ProviderConfigRepository.NewProviderConfig;
import dev.herald.db.provider.ProviderConfigRepository.ProviderConfig;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderConfigRepositoryIntegrationTests {

	private final TestData data = new TestData();

	private final ProviderConfigRepository providers = new ProviderConfigRepository(this.data.jdbc,
			SecretBox.ofBase64Key(SecretBox.generateKey()));

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void providersKeepTheOrderGivenAndSecretsAreStoredSealedWithOnlyAHint() {
		this.providers.replace(this.tenant, "sms", List.of(
				new NewProviderConfig("twilio", true, Map.of("accountSid", "AC123"), Map.of("authToken", "tok-abcdefgh-9876"), 10.0, 20),
				new NewProviderConfig("sns-sms", true, Map.of("region", "eu-west-1"), Map.of(), null, null)));

		List<ProviderConfig> configs = this.providers.list(this.tenant, "sms");

		assertThat(configs).extracting(ProviderConfig::provider).containsExactly("twilio", "sns-sms");
		ProviderConfig twilio = configs.getFirst();
		assertThat(twilio.settings()).containsEntry("accountSid", "AC123");
		assertThat(twilio.secretHints()).containsEntry("authToken", "••••9876");
		assertThat(twilio.ratePerSecond()).isEqualTo(10.0);
		assertThat(new String(twilio.sealedSecrets(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("tok-abcdefgh");
		assertThat(this.data.jdbc.sql("select count(*) from provider_configs where sealed_secrets::text like '%abcdefgh%' or settings::text like '%abcdefgh%' or secret_hints::text like '%abcdefgh%'")
			.query(Long.class).single()).isZero();
		assertThat(this.providers.openSecrets(twilio)).containsExactly(Map.entry("authToken", "tok-abcdefgh-9876"));
		assertThat(twilio.toString()).doesNotContain("tok-");
	}

	@Test
	void replacingWithoutSecretsKeepsTheStoredOnesAndReorders() {
		this.providers.replace(this.tenant, "email", List.of(
				new NewProviderConfig("ses", true, Map.of("region", "eu-west-1"), Map.of("secretAccessKey", "aws-secret-0001"), null, null),
				new NewProviderConfig("smtp", true, Map.of(), Map.of(), null, null)));
		long before = this.providers.version(this.tenant);

		this.providers.replace(this.tenant, "email", List.of(new NewProviderConfig("smtp", true, Map.of(), Map.of(), null, null),
				new NewProviderConfig("ses", false, Map.of("region", "us-east-1"), Map.of(), null, null)));

		List<ProviderConfig> configs = this.providers.list(this.tenant, "email");
		assertThat(configs).extracting(ProviderConfig::provider).containsExactly("smtp", "ses");
		assertThat(configs.get(1).enabled()).isFalse();
		assertThat(configs.get(1).settings()).containsEntry("region", "us-east-1");
		assertThat(this.providers.openSecrets(configs.get(1))).containsEntry("secretAccessKey", "aws-secret-0001");
		assertThat(this.providers.version(this.tenant)).isGreaterThan(before);
	}

	@Test
	void channelsAreConfiguredIndependently() {
		this.providers.replace(this.tenant, "sms", List.of(new NewProviderConfig("twilio", true, Map.of(), Map.of(), null, null)));
		this.providers.replace(this.tenant, "push", List.of(new NewProviderConfig("fcm", true, Map.of(), Map.of(), null, null)));

		this.providers.replace(this.tenant, "sms", List.of());

		assertThat(this.providers.list(this.tenant, "sms")).isEmpty();
		assertThat(this.providers.listAll(this.tenant)).extracting(ProviderConfig::provider).containsExactly("fcm");
	}

}
