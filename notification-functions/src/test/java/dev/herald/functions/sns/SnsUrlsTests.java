package dev.herald.functions.sns;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnsUrlsTests {

	private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";

	@ParameterizedTest
	@ValueSource(strings = { "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
			"https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
			"https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-3242f8dd4b3f6e8a6e2b4a5b5b0a0a0a.pem",
			"https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"HTTPS://SNS.US-EAST-1.AMAZONAWS.COM/SimpleNotificationService-0123456789abcdef.pem" })
	void certificatesOnSnsHostsOverHttpsMayBeFetched(String url) {
		assertThat(SnsUrls.signingCertificateRefusal(url)).isEmpty();
	}

	@Test
	void anHttpCertificateUrlIsRefused() {
		assertThat(SnsUrls.signingCertificateRefusal(
				"http://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem"))
			.hasValue("SigningCertURL must use https");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://sns-certs.s3.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://s3.amazonaws.com/sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us-east-1.amazonaws.com.s3.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://s3.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem" })
	void anS3HostedCertificateIsRefused(String url) {
		assertThat(SnsUrls.signingCertificateRefusal(url))
			.hasValue("SigningCertURL must be on an SNS host, sns.<region>.amazonaws.com");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://evil-sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us-east-1.amazonaws.com./SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us-east-1.evil.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://snsXus-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us-east-1.amazonaws.co/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns..amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us_east_1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://xn--sns-.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem" })
	void aLookAlikeHostIsRefused(String url) {
		assertThat(SnsUrls.signingCertificateRefusal(url)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.com@sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us-east-1.amazonaws.com:pass@evil.com/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us-east-1.amazonaws.com@evil.com/SimpleNotificationService-0123456789abcdef.pem" })
	void userInfoTricksAreRefused(String url) {
		assertThat(SnsUrls.signingCertificateRefusal(url)).isPresent();
	}

	@Test
	void userInfoBeforeAnSnsHostIsRefusedForWhatItIs() {
		assertThat(SnsUrls.signingCertificateRefusal(
				"https://evil.com@sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem"))
			.hasValue("SigningCertURL must not carry user information");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-0123456789abcdef.pem" })
	void anExplicitPortIsRefused(String url) {
		assertThat(SnsUrls.signingCertificateRefusal(url)).hasValue("SigningCertURL must not name a port");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://54.239.28.85/SimpleNotificationService-0123456789abcdef.pem",
			"https://[::1]/SimpleNotificationService-0123456789abcdef.pem",
			"https://127.0.0.1/SimpleNotificationService-0123456789abcdef.pem",
			"https://2130706433/SimpleNotificationService-0123456789abcdef.pem" })
	void anIpLiteralIsRefused(String url) {
		assertThat(SnsUrls.signingCertificateRefusal(url))
			.hasValue("SigningCertURL must be on an SNS host, sns.<region>.amazonaws.com");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://sns.us-east-1.amazonaws.com/SimpleNotificationService.pem",
			"https://sns.us-east-1.amazonaws.com/evil.pem",
			"https://sns.us-east-1.amazonaws.com/a/SimpleNotificationService-0123456789abcdef.pem",
			"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem?x=1",
			"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem#f",
			"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem%2F..%2F",
			"https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription" })
	void aCertificateUrlWithAnotherPathIsRefused(String url) {
		assertThat(SnsUrls.signingCertificateRefusal(url)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not a url", "https://", "//sns.us-east-1.amazonaws.com/x.pem", "file:///etc/passwd",
			"https://sns.us-east-1.amazonaws.com\\@evil.com/SimpleNotificationService-0123456789abcdef.pem" })
	void somethingThatIsNotAUrlIsRefused(String url) {
		assertThat(SnsUrls.signingCertificateRefusal(url)).isPresent();
		assertThat(SnsUrls.signingCertificateRefusal(null)).isPresent();
	}

	@Test
	void aSubscribeUrlMustConfirmTheMessagesOwnTopicOnAnSnsHost() {
		String good = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC
				+ "&Token=2336412f37fb687f5d51e6e2425";
		assertThat(SnsUrls.subscribeUrlRefusal(good, TOPIC)).isEmpty();

		assertThat(SnsUrls.subscribeUrlRefusal(good, TOPIC + "-other")).hasValue(
				"SubscribeURL must confirm the message's own topic");
		assertThat(SnsUrls.subscribeUrlRefusal(good.replace("ConfirmSubscription", "Unsubscribe"), TOPIC))
			.isPresent();
		assertThat(SnsUrls.subscribeUrlRefusal(good.replace("https://sns.us-east-1.amazonaws.com",
				"https://sns.us-east-1.amazonaws.com.evil.com"), TOPIC)).isPresent();
		assertThat(SnsUrls.subscribeUrlRefusal(good.replace("https://", "http://"), TOPIC)).isPresent();
		assertThat(SnsUrls.subscribeUrlRefusal(good.replace("amazonaws.com/", "amazonaws.com:8443/"), TOPIC))
			.isPresent();
		assertThat(SnsUrls.subscribeUrlRefusal(good + "&TopicArn=" + TOPIC, TOPIC)).as("two topics").isPresent();
	}

	@Test
	void issuerCertificatesAreFetchedOnlyFromAmazonsCaRepository() {
		assertThat(SnsUrls.issuerCertificateRefusal("http://crt.r2m01.amazontrust.com/r2m01.cer")).isEmpty();
		assertThat(SnsUrls.issuerCertificateRefusal("https://crt.r2m02.amazontrust.com/r2m02.cer")).isEmpty();

		for (String url : new String[] { "http://crt.r2m01.amazontrust.com.evil.com/r2m01.cer",
				"http://evil.example/r2m01.cer", "http://crt.r2m01.amazontrust.com:8080/r2m01.cer",
				"http://x@crt.r2m01.amazontrust.com/r2m01.cer", "ftp://crt.r2m01.amazontrust.com/r2m01.cer",
				"http://crt.r2m01.amazontrust.com/a/r2m01.cer", "http://crt.r2m01.amazontrust.com/r2m01.cer?x",
				"http://169.254.169.254/latest/meta-data", "not a url" }) {
			assertThat(SnsUrls.issuerCertificateRefusal(url)).as(url).isPresent();
		}
	}

}
