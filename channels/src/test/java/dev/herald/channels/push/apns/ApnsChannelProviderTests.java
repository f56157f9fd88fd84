package dev.herald.channels.push.apns;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApnsChannelProviderTests {

	private static final String P8 = SigningKeys.p8(ApnsFixture.TEAM_KEYS);

	private final ApnsChannelProvider provider = new ApnsChannelProvider();

	@Test
	void providerDescribesItself() {
		assertThat(this.provider.id()).isEqualTo("apns");
		assertThat(this.provider.channel()).isEqualTo(ChannelType.PUSH);
		assertThat(this.provider.requiredSettings()).containsExactlyInAnyOrder("teamId", "keyId", "topic");
		assertThat(this.provider.requiredSecrets()).containsExactly("privateKey");
	}

	@Test
	void productionIsTheDefaultEndpoint() {
		assertThat(create(Map.of()).settings()).isEqualTo(new ApnsSettings("DEF123GHIJ", "ABC123DEFG",
				"test.herald.shop", URI.create("https://api.push.apple.com")));
	}

	@Test
	void sandboxSettingSelectsApplesDevelopmentEndpoint() {
		assertThat(create(Map.of("sandbox", "true")).settings().baseUrl())
			.isEqualTo(URI.create("https://api.sandbox.push.apple.com"));
		assertThat(create(Map.of("sandbox", "FALSE")).settings().baseUrl())
			.isEqualTo(URI.create("https://api.push.apple.com"));
	}

	@Test
	void baseUrlSettingOverridesBoth() {
		assertThat(create(Map.of("sandbox", "true", "baseUrl", "https://apns-proxy.example.test:8443/")).settings()
			.baseUrl()).isEqualTo(URI.create("https://apns-proxy.example.test:8443"));
	}

	@Test
	void missingSettingsAndSecretAreRefused() {
		for (String key : new String[] { "teamId", "keyId", "topic" }) {
			Map<String, String> values = new HashMap<>(values(Map.of()));
			values.remove(key);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> this.provider.create(new ProviderSettings("apns", values, Map.of("privateKey", P8))))
				.withMessage("provider apns needs the setting '" + key + "'");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(new ProviderSettings("apns", values(Map.of()), Map.of())))
			.withMessage("provider apns needs the secret 'privateKey'");
	}

	@Test
	void malformedSettingsAreRefusedWithTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of("teamId", "team-1")))
			.withMessage("provider apns: the setting 'teamId' is not an Apple id of ten letters and digits: team-1");
		assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of("keyId", "abc123defg")))
			.withMessage("provider apns: the setting 'keyId' is not an Apple id of ten letters and digits: abc123defg");
		assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of("topic", "com.shop app")))
			.withMessage("provider apns: the setting 'topic' is not a bundle id (e.g. com.shop.app): com.shop app");
		assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of("sandbox", "yes")))
			.withMessage("provider apns: the setting 'sandbox' is true or false, not yes");
	}

	@Test
	void baseUrlMustBeHttpsBecauseApnsSpeaksHttp2OverTls() {
		assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of("baseUrl", "http://api.push.apple.com")))
			.withMessage("provider apns: the setting 'baseUrl' is not an https URL like https://host[:port] (APNs "
					+ "needs HTTP/2 over TLS)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> create(Map.of("baseUrl", "https://ops:hunter2@apns.example.test")))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("hunter2"));
	}

	@Test
	void privateKeyThatIsNotAP256SigningKeyIsRefusedWithoutQuotingIt() throws Exception {
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		String rsaPem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----";
		KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
		p384.initialize(new ECGenParameterSpec("secp384r1"));
		String p384Pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getEncoder().encodeToString(p384.generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----";
		String truncated = P8.substring(0, 120) + "\n-----END PRIVATE KEY-----";

		for (String key : new String[] { rsaPem, p384Pem, truncated, "not a key" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> this.provider.create(new ProviderSettings("apns", values(Map.of()),
						Map.of("privateKey", key))))
				.withMessage("provider apns: the secret 'privateKey' is not an APNs signing key: paste the whole .p8 "
						+ "file (PEM, BEGIN PRIVATE KEY, P-256)")
				.withNoCause();
		}
	}

	@Test
	void settingsToStringLeavesTheKeyOut() {
		assertThat(new ProviderSettings("apns", values(Map.of()), Map.of("privateKey", P8)).toString())
			.doesNotContain(SigningKeys.keyMaterial(ApnsFixture.TEAM_KEYS).substring(0, 40))
			.doesNotContain("PRIVATE KEY");
	}

	@Test
	void configurationRegistersTheProvider() {
		new ApplicationContextRunner().withUserConfiguration(ApnsConfiguration.class)
			.run((context) -> assertThat(context).getBean(ChannelProvider.class)
				.satisfies((provider) -> assertThat(provider.id()).isEqualTo("apns")));
	}

	private ApnsChannel create(Map<String, String> overrides) {
		return (ApnsChannel) this.provider
			.create(new ProviderSettings("apns", values(overrides), Map.of("privateKey", P8)));
	}

	private static Map<String, String> values(Map<String, String> overrides) {
		Map<String, String> values = new HashMap<>(
				Map.of("teamId", SigningKeys.TEAM_ID, "keyId", SigningKeys.KEY_ID, "topic", ApnsFixture.TOPIC));
		values.putAll(overrides);
		return values;
	}

}
