package dev.herald.channels.sms.twilio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.herald.channels.Channel;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.ProviderSettings;

import static dev.herald.channels.sms.twilio.FakeTwilio.ACCOUNT_SID;
import static dev.herald.channels.sms.twilio.FakeTwilio.AUTH_TOKEN;
import static dev.herald.channels.sms.twilio.FakeTwilio.FROM;
import static dev.herald.channels.sms.twilio.TwilioSmsChannelTests.TO;
import static dev.herald.channels.sms.twilio.TwilioSmsChannelTests.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The auth token must never reach a reason, a log line, an exception message or a {@code toString}. */
class TwilioSecretTests {

	private static final String ENCODED = Base64.getEncoder()
		.encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));

	private final Logger logger = (Logger) LoggerFactory.getLogger(TwilioSmsProvider.class.getPackageName());

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private FakeTwilio twilio;

	@BeforeEach
	void start() throws IOException {
		this.twilio = new FakeTwilio();
		this.logged.start();
		this.logger.addAppender(this.logged);
		this.logger.setLevel(Level.DEBUG);
	}

	@AfterEach
	void stop() {
		this.logger.detachAppender(this.logged);
		this.logger.setLevel(null);
		this.twilio.close();
	}

	@Test
	void anAnswerEchoingTheCredentialsIsRedactedInTheReason() {
		this.twilio.answer(FakeTwilio.error(400, 21211,
				"Invalid 'To' for " + ACCOUNT_SID + ":" + AUTH_TOKEN + " (Basic " + ENCODED + ")"));

		DeliveryResult result = channel().send(sms(TO, "Hi"));

		assertThat(result).isInstanceOfSatisfying(Rejected.class, (rejected) -> assertThat(rejected.reason())
			.doesNotContain(AUTH_TOKEN, ENCODED)
			.isEqualTo("Twilio answered HTTP 400, error 21211: Invalid 'To' for " + ACCOUNT_SID
					+ ":****** (Basic ******)"));
	}

	@Test
	void aThrottledAnswerEchoingTheTokenIsRedactedInTheReason() {
		this.twilio.answer(FakeTwilio.error(429, 20429, "slow down, " + AUTH_TOKEN));

		assertThat(channel().send(sms(TO, "Hi"))).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).doesNotContain(AUTH_TOKEN).endsWith("slow down, ******"));
	}

	@Test
	void noLogLineCarriesTheCredentials() {
		Channel channel = channel();
		List<DeliveryResult> results = new ArrayList<>();
		results.add(channel.send(sms(TO, "Hi")));
		this.twilio.answer(FakeTwilio.error(400, 21211, "echo " + AUTH_TOKEN + " " + ENCODED));
		results.add(channel.send(sms(TO, "Hi")));
		this.twilio.answer((request) -> this.twilio.created(request).after(Duration.ofSeconds(2)));
		results.add(new TwilioSmsProvider(Duration.ofMillis(200), Clock.systemUTC())
			.create(settings(this.twilio.baseUrl(), AUTH_TOKEN))
			.send(sms(TO, "Hi")));
		this.twilio.close();
		results.add(channel.send(sms(TO, "Hi")));

		assertThat(results).hasSize(4);
		assertThat(this.logged.list).hasSizeGreaterThanOrEqualTo(4).allSatisfy((event) -> {
			assertThat(event.getFormattedMessage()).doesNotContain(AUTH_TOKEN, ENCODED);
			if (event.getThrowableProxy() != null) {
				assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(AUTH_TOKEN,
						ENCODED);
			}
		});
	}

	@Test
	void settingsPrintWithoutTheSecret() {
		ProviderSettings settings = settings(this.twilio.baseUrl(), AUTH_TOKEN);
		TwilioSmsChannel channel = (TwilioSmsChannel) new TwilioSmsProvider().create(settings);

		assertThat(settings.toString()).doesNotContain(AUTH_TOKEN);
		assertThat(channel.settings().toString()).doesNotContain(AUTH_TOKEN, ENCODED).contains(ACCOUNT_SID);
		assertThat(channel.settings().credentials().toString())
			.isEqualTo("Credentials[username=" + ACCOUNT_SID + ", password=******]");
	}

	@Test
	void aBaseUrlWithCredentialsIsRefusedWithoutQuotingThem() {
		ProviderSettings settings = settings("https://" + ACCOUNT_SID + ":" + AUTH_TOKEN + "@api.twilio.com",
				AUTH_TOKEN);

		assertThatIllegalArgumentException().isThrownBy(() -> new TwilioSmsProvider().create(settings))
			.withMessage("provider twilio: the setting 'baseUrl' must be a plain URL such as https://api.twilio.com,"
					+ " without credentials, query or fragment")
			.withMessageNotContaining(AUTH_TOKEN);
	}

	@Test
	void aMalformedBaseUrlIsRefusedWithoutQuotingIt() {
		ProviderSettings settings = settings("https://api.twilio.com/ " + AUTH_TOKEN, AUTH_TOKEN);

		assertThatIllegalArgumentException().isThrownBy(() -> new TwilioSmsProvider().create(settings))
			.withMessage("provider twilio: the setting 'baseUrl' is not a URL");
	}

	private Channel channel() {
		return new TwilioSmsProvider().create(settings(this.twilio.baseUrl(), AUTH_TOKEN));
	}

	private static ProviderSettings settings(String baseUrl, String authToken) {
		return new ProviderSettings("twilio", Map.of("accountSid", ACCOUNT_SID, "from", FROM, "baseUrl", baseUrl),
				Map.of("authToken", authToken));
	}

}
