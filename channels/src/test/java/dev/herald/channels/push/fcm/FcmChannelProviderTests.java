package dev.herald.channels.push.fcm;

import java.net.URI;
import java.security.KeyPair;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FcmChannelProviderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final KeyPair KEYS = FcmFixture.ACCOUNT_KEYS;

	private static final URI TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");

	private final FcmChannelProvider provider = new FcmChannelProvider();

	@Test
	void providerDescribesItself() {
		assertThat(this.provider.id()).isEqualTo("fcm");
		assertThat(this.provider.channel()).isEqualTo(ChannelType.PUSH);
		assertThat(this.provider.requiredSettings()).isEmpty();
		assertThat(this.provider.requiredSecrets()).containsExactly("serviceAccountJson");
	}

	@Test
	void defaultsComeFromGoogleAndTheServiceAccount() {
		FcmChannel channel = (FcmChannel) this.provider.create(settings(Map.of(), keyFile()));

		assertThat(channel.settings()).isEqualTo(new FcmSettings("demo-project",
				URI.create("https://fcm.googleapis.com/v1/projects/demo-project/messages:send"), TOKEN_URI));
	}

	@Test
	void settingsOverrideTheDefaults() {
		FcmChannel channel = (FcmChannel) this.provider.create(settings(Map.of("projectId", "shop-prod", "baseUrl",
				"https://fcm.eu.example.test/", "tokenUri", "https://sts.example.test/token"), keyFile()));

		assertThat(channel.settings()).isEqualTo(new FcmSettings("shop-prod",
				URI.create("https://fcm.eu.example.test/v1/projects/shop-prod/messages:send"),
				URI.create("https://sts.example.test/token")));
	}

	@Test
	void keyFileWithoutTokenUriUsesGooglesTokenEndpoint() {
		ObjectNode keyFile = keyFile();
		keyFile.remove("token_uri");

		FcmChannel channel = (FcmChannel) this.provider.create(settings(Map.of(), keyFile));

		assertThat(channel.settings().tokenUri()).isEqualTo(TOKEN_URI);
	}

	@Test
	void missingSecretIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(new ProviderSettings("fcm", Map.of(), Map.of())))
			.withMessage("provider fcm needs the secret 'serviceAccountJson'");
	}

	@Test
	void secretThatIsNotJsonIsRefusedWithoutQuotingIt() {
		String pemOnly = ServiceAccounts.pem(KEYS);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(new ProviderSettings("fcm", Map.of(),
					Map.of("serviceAccountJson", pemOnly))))
			.withMessage("provider fcm: the secret 'serviceAccountJson' is not JSON; paste the whole key file Google "
					+ "gives for the service account")
			.withNoCause();
	}

	@Test
	void truncatedKeyFileIsRefusedWithoutQuotingIt() {
		String json = ServiceAccounts.json(KEYS, TOKEN_URI);
		String truncated = json.substring(0, json.indexOf("-----END"));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(new ProviderSettings("fcm", Map.of(),
					Map.of("serviceAccountJson", truncated))))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("is not JSON")
				.doesNotContain(ServiceAccounts.keyMaterial(KEYS).substring(0, 40))
				.doesNotContain(truncated.substring(truncated.length() - 20)));
	}

	@Test
	void keyFileOfAnotherCredentialTypeIsRefused() {
		ObjectNode user = keyFile().put("type", "authorized_user");

		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings(Map.of(), user)))
			.withMessage("provider fcm: the secret 'serviceAccountJson' is a 'authorized_user' credential; FCM needs "
					+ "a service account key (type service_account)");
	}

	@Test
	void keyFileWithoutClientEmailIsRefused() {
		ObjectNode keyFile = keyFile();
		keyFile.remove("client_email");

		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings(Map.of(), keyFile)))
			.withMessage("provider fcm: the secret 'serviceAccountJson' has no 'client_email'");
	}

	@Test
	void keyFileWithoutPrivateKeyIsRefused() {
		ObjectNode keyFile = keyFile();
		keyFile.remove("private_key");

		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings(Map.of(), keyFile)))
			.withMessage("provider fcm: the secret 'serviceAccountJson' has no 'private_key'");
	}

	@Test
	void privateKeyThatIsNotAnRsaPkcs8KeyIsRefusedWithoutQuotingIt() {
		String damaged = ServiceAccounts.pem(KEYS).replace("\n-----END", "AAAA\n-----END").substring(0, 200)
				+ "\n-----END PRIVATE KEY-----\n";
		ObjectNode keyFile = keyFile().put("private_key", damaged);

		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings(Map.of(), keyFile)))
			.withMessage("provider fcm: the secret 'serviceAccountJson' has a 'private_key' that is not a PEM PKCS#8 "
					+ "RSA private key")
			.withNoCause();
	}

	@Test
	void keyFileWithoutProjectNeedsTheProjectIdSetting() {
		ObjectNode keyFile = keyFile();
		keyFile.remove("project_id");

		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings(Map.of(), keyFile)))
			.withMessage("provider fcm needs the setting 'projectId': the service account JSON has no project_id");
		assertThat(((FcmChannel) this.provider.create(settings(Map.of("projectId", "shop-prod"), keyFile))).settings()
			.projectId()).isEqualTo("shop-prod");
	}

	@Test
	void projectIdThatWouldLeaveItsPathSegmentIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(settings(Map.of("projectId", "shop/../../v2"), keyFile())))
			.withMessage("provider fcm: the setting 'projectId' is not a Firebase project id: shop/../../v2");
	}

	@Test
	void baseUrlThatIsNotAnHttpUrlIsRefusedWithoutEchoingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(settings(Map.of("baseUrl", "ftp://fcm.example.test"), keyFile())))
			.withMessage("provider fcm: the setting 'baseUrl' is not an http(s) URL like https://host[:port][/path] "
					+ "(without user info, query or fragment)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(
					settings(Map.of("baseUrl", "https://admin:hunter2@fcm.example.test"), keyFile())))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("hunter2"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(settings(Map.of("tokenUri", "not a url"), keyFile())))
			.withMessageStartingWith("provider fcm: the setting 'tokenUri' is not an http(s) URL");
	}

	@Test
	void serviceAccountToStringLeavesTheKeyOut() {
		ServiceAccount account = ServiceAccount.parse(ServiceAccounts.json(KEYS, TOKEN_URI));

		assertThat(account.toString())
			.isEqualTo("ServiceAccount[clientEmail=" + ServiceAccounts.CLIENT_EMAIL + ", tokenUri=" + TOKEN_URI
					+ ", projectId=demo-project]");
		assertThat(settings(Map.of(), keyFile()).toString()).doesNotContain(ServiceAccounts.keyMaterial(KEYS))
			.doesNotContain("PRIVATE KEY");
	}

	@Test
	void configurationRegistersTheProvider() {
		new ApplicationContextRunner().withUserConfiguration(FcmConfiguration.class)
			.run((context) -> assertThat(context).getBean(ChannelProvider.class)
				.satisfies((provider) -> assertThat(provider.id()).isEqualTo("fcm")));
	}

	private static ObjectNode keyFile() {
		return ServiceAccounts.keyFile(KEYS, TOKEN_URI);
	}

	private static ProviderSettings settings(Map<String, String> values, ObjectNode keyFile) {
		return new ProviderSettings("fcm", values, Map.of("serviceAccountJson", JSON.writeValueAsString(keyFile)));
	}

}
