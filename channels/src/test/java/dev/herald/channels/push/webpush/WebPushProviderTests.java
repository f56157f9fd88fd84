package dev.herald.channels.push.webpush;

import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.PushTarget;
import dev.herald.channels.push.webpush.FakePushService.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebPushProviderTests {

	private final VapidKeyPair keys = VapidKeyPair.generate();

	private final WebPushProvider provider = new WebPushProvider();

	@Test
	void providerIsWebPushOnThePushChannelAndNamesWhatItNeeds() {
		assertThat(this.provider.id()).isEqualTo("webpush");
		assertThat(this.provider.channel()).isEqualTo(ChannelType.PUSH);
		assertThat(this.provider.requiredSettings()).containsExactlyInAnyOrder("subject", "publicKey");
		assertThat(this.provider.requiredSecrets()).containsExactly("privateKey");
	}

	@Test
	void configurationRegistersTheProviderBean() {
		new ApplicationContextRunner().withUserConfiguration(WebPushConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WebPushProvider.class);
			assertThat(context.getBean(ChannelProvider.class).id()).isEqualTo("webpush");
		});
	}

	@Test
	void defaultsAreADayOfTtlTenSecondsOfPatienceHttpsOnlyAndTheSubscriptionsOwnEndpoint() {
		ProviderSettings minimal = new ProviderSettings("webpush",
				Map.of("subject", "https://shop.test/contact", "publicKey", this.keys.publicKey()),
				Map.of("privateKey", this.keys.privateKey()));

		WebPushSettings settings = ((WebPushChannel) this.provider.create(minimal)).settings();

		assertThat(settings.ttl()).isEqualTo(Duration.ofDays(1));
		assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.allowInsecureEndpoints()).isFalse();
		assertThat(settings.endpointOverride()).isEmpty();
		assertThat(settings.vapid().subject()).isEqualTo("https://shop.test/contact");
		assertThat(settings.vapid().publicKey()).isEqualTo(this.keys.publicKey());
	}

	@Test
	void missingSettingsAreRefusedNamingTheSetting() {
		Map<String, String> values = Map.of("subject", TestPushes.SUBJECT, "publicKey", this.keys.publicKey());
		Map<String, String> secrets = Map.of("privateKey", this.keys.privateKey());

		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> this.provider.create(new ProviderSettings("webpush", without(values, "subject"), secrets)))
			.withMessage("provider webpush needs the setting 'subject'");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> this.provider.create(new ProviderSettings("webpush", without(values, "publicKey"), secrets)))
			.withMessage("provider webpush needs the setting 'publicKey'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(new ProviderSettings("webpush", values, Map.of())))
			.withMessage("provider webpush needs the secret 'privateKey'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider
				.create(new ProviderSettings("webpush", values, Map.of("privateKey", "  "))))
			.withMessage("provider webpush needs the secret 'privateKey'");
	}

	@ParameterizedTest(name = "{0} = \"{1}\"")
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
			"ttlSeconds | -1 | 'ttlSeconds' must be a whole number from 0 to 2419200",
			"ttlSeconds | a day | 'ttlSeconds' must be a whole number from 0 to 2419200",
			"ttlSeconds | 2419201 | 'ttlSeconds' must be a whole number from 0 to 2419200",
			"timeoutSeconds | 0 | 'timeoutSeconds' must be a whole number from 1 to 300",
			"allowInsecureEndpoints | yes | 'allowInsecureEndpoints' must be true or false",
			"endpointOverride | relay.test | 'endpointOverride' must be a base URL",
			"endpointOverride | https://relay.test/?region=eu | 'endpointOverride' must be a base URL",
			"publicKey | BCVxsr7N | 'publicKey' is not a VAPID public key",
			"publicKey | not base64! | 'publicKey' is not a VAPID public key",
			"subject | ops@shop.test | 'subject' must be a mailto: or https: URI" })
	void malformedSettingsAreRefusedWithTheReason(String key, String value, String reason) {
		Map<String, String> values = new HashMap<>(
				Map.of("subject", TestPushes.SUBJECT, "publicKey", this.keys.publicKey()));
		values.put(key, value);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(
					new ProviderSettings("webpush", values, Map.of("privateKey", this.keys.privateKey()))))
			.withMessageStartingWith("provider webpush: setting " + reason);
	}

	@Test
	void plainHttpEndpointOverrideNeedsInsecureEndpointsAllowed() {
		ProviderSettings settings = new ProviderSettings("webpush",
				Map.of("subject", TestPushes.SUBJECT, "publicKey", this.keys.publicKey(), "endpointOverride",
						"http://127.0.0.1:8080"),
				Map.of("privateKey", this.keys.privateKey()));

		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(settings))
			.withMessage("provider webpush: setting 'endpointOverride' uses http, which needs setting "
					+ "'allowInsecureEndpoints' = true");
	}

	@Test
	void malformedPrivateKeyIsRefusedWithoutQuotingIt() {
		// '$' makes the JDK's decoder quote the character it failed on; a truncated key is the common paste error.
		String badCharacter = this.keys.privateKey().substring(0, 20) + "$" + this.keys.privateKey().substring(21);
		String truncated = this.keys.privateKey().substring(0, 30);

		for (String privateKey : List.of(badCharacter, truncated)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> this.provider.create(TestPushes.settings(
						new VapidKeyPair(this.keys.publicKey(), privateKey))))
				.withMessage("provider webpush: secret 'privateKey' is not a VAPID private key "
						+ "(base64url of the raw 32-byte P-256 scalar, or PKCS#8)")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(privateKey.substring(0, 8)));
		}
	}

	@Test
	void privateKeyNeverAppearsInToStrings() throws Exception {
		ProviderSettings settings = TestPushes.settings(this.keys);
		Channel channel = this.provider.create(settings);

		for (String text : List.of(settings.toString(), this.keys.toString(), channel.toString(),
				((WebPushChannel) channel).settings().toString())) {
			assertNoSecret(text);
		}
		assertThat(this.keys.toString()).contains(this.keys.publicKey()).contains("privateKey=******");
	}

	@Test
	void privateKeyNeverAppearsInReasonsOrLogLines() throws Exception {
		Logger logger = (Logger) LoggerFactory.getLogger("dev.herald.channels.push.webpush");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		Level level = logger.getLevel();
		logger.setLevel(Level.TRACE);
		logger.setAdditive(false);
		logger.addAppender(appender);
		List<DeliveryResult> results = new ArrayList<>();
		List<OutboundMessage> messages = new ArrayList<>();
		try (FakePushService pushService = FakePushService.start(this.keys.publicKey())) {
			Channel channel = this.provider.create(TestPushes.settings(this.keys, "timeoutSeconds", "1"));
			Browser browser = Browser.subscribe();
			PushTarget subscription = browser.subscription(pushService.endpoint("s1"));
			pushService.answerNext(Answer.created("https://push.test/m/1"));
			pushService.answerNext(Answer.error(410, 103, "Gone", "Subscription expired"));
			pushService.answerNext(
					Answer.error(429, 999, "Too Many Requests", "slow down").withHeader("Retry-After", "5"));
			pushService.answerNext(Answer.error(500, 999, "Internal Server Error", "oops"));
			pushService.answerNext(Answer.created("late").delayed(Duration.ofSeconds(3)));
			for (int i = 0; i < 5; i++) {
				messages.add(TestPushes.notification(subscription));
			}
			messages.add(TestPushes.notification(new PushTarget("webpush", "https://push.test/x", Map.of())));
			for (OutboundMessage message : messages) {
				results.add(channel.send(message));
			}
			Channel wrongKey = this.provider.create(TestPushes.settings(VapidKeyPair.generate()));
			OutboundMessage refused = TestPushes.notification(subscription);
			messages.add(refused);
			results.add(wrongKey.send(refused));
		}
		finally {
			logger.detachAppender(appender);
			logger.setAdditive(true);
			logger.setLevel(level);
		}

		assertThat(results).hasExactlyElementsOfTypes(Delivered.class, Rejected.class, RetryLater.class,
				RetryLater.class, RetryLater.class, Rejected.class, RetryLater.class);
		for (DeliveryResult result : results) {
			assertNoSecret(result.toString());
		}
		// Every send is logged, so the capture works and the assertion below inspects real lines.
		assertThat(appender.list).hasSizeGreaterThanOrEqualTo(messages.size());
		for (OutboundMessage message : messages) {
			assertThat(appender.list).anySatisfy(
					(event) -> assertThat(event.getFormattedMessage()).contains(message.deliveryId().toString()));
		}
		for (ILoggingEvent event : appender.list) {
			assertNoSecret(event.getFormattedMessage());
			if (event.getThrowableProxy() != null) {
				assertNoSecret(event.getThrowableProxy().getMessage());
			}
		}
	}

	/** The private key in each form it could leak in: base64url, hex, decimal, and a JDK key's PKCS#8 encoding. */
	private List<String> secretForms() throws Exception {
		byte[] raw = Browser.base64Url(this.keys.privateKey());
		ECPrivateKey key = P256.privateKey(raw);
		byte[] pkcs8 = KeyFactory.getInstance("EC").getKeySpec(key, PKCS8EncodedKeySpec.class).getEncoded();
		return List.of(this.keys.privateKey(), HexFormat.of().formatHex(raw),
				HexFormat.of().withUpperCase().formatHex(raw), key.getS().toString(),
				Base64.getEncoder().encodeToString(pkcs8));
	}

	private void assertNoSecret(String text) throws Exception {
		if (text != null) {
			for (String secret : secretForms()) {
				assertThat(text).doesNotContain(secret);
			}
		}
	}

	private static Map<String, String> without(Map<String, String> map, String key) {
		Map<String, String> copy = new HashMap<>(map);
		copy.remove(key);
		return copy;
	}

}
