package dev.herald.functions.sns;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.herald.functions.sns.testing.SnsTestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signature verification against a local HTTPS server standing in for SNS, with messages signed in SNS's format by
 * a test CA's certificate. Every rejection names its reason, and no request leaves for a host SNS does not own.
 */
class SnsSignatureVerifierIntegrationTests {

	private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:shop-orders";

	private static final SnsTestHost sns = new SnsTestHost();

	private final SnsSignatureVerifier verifier = new SnsSignatureVerifier(sns.fetcher(), sns.trustAnchors(),
			"sns.amazonaws.com", Clock.systemUTC(), 16);

	@AfterAll
	static void stop() {
		sns.close();
	}

	@BeforeEach
	void forget() {
		sns.forgetRequests();
	}

	@Test
	void aSignatureVersion1NotificationIsVerified() {
		assertVerified(sns.notification(TOPIC, id(), "Order", "{\"a\":1}", "2026-11-25T03:00:00.123Z", 1));
		assertThat(sns.requests()).singleElement().satisfies((request) -> assertThat(request)
			.startsWith(SnsTestHost.REGION_HOST + " /SimpleNotificationService-"));
	}

	@Test
	void aSignatureVersion2NotificationIsVerified() {
		assertVerified(sns.notification(TOPIC, id(), null, "{\"a\":1}", "2026-11-25T03:00:00.123Z", 2));
	}

	@Test
	void aTimestampWithWholeSecondsVerifiesAsSent() {
		assertVerified(sns.notification(TOPIC, id(), "Order", "{}", "2026-11-25T03:00:00.000Z", 2));
		assertVerified(sns.notification(TOPIC, id(), "Order", "{}", "2026-11-25T03:00:00Z", 1));
	}

	@Test
	void messagesWithEscapedControlCharactersAndUnicodeVerify() {
		assertVerified(sns.notification(TOPIC, id(), "Ü \"quoted\"", "line 1\nline 2\t\u00e9\u4e2d \\ /", "2026-11-25T03:00:00.001Z", 2));
	}

	@Test
	void bothConfirmationTypesAreVerified() {
		assertVerified(sns.confirmation("SubscriptionConfirmation", TOPIC, id(), 1));
		assertVerified(sns.confirmation("UnsubscribeConfirmation", TOPIC, id(), 2));
	}

	@Test
	void theCertificateIsFetchedOnceAndCached() {
		assertVerified(sns.notification(TOPIC, id(), null, "1", "2026-11-25T03:00:00.000Z", 2));
		assertVerified(sns.notification(TOPIC, id(), null, "2", "2026-11-25T03:00:00.000Z", 2));

		assertThat(sns.requests()).hasSize(1);
	}

	@Test
	void aTamperedMessageIsRejected() {
		String signed = sns.notification(TOPIC, id(), "Order", "{\"amount\":1}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "Message", "{\"amount\":1000}"),
				"the signature does not match the message");
	}

	@Test
	void aTamperedSubjectIsRejected() {
		String signed = sns.notification(TOPIC, id(), "Order", "{}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "Subject", "Refund"), "the signature does not match the message");
		assertRejected(SnsTestHost.with(signed, "Subject", null), "the signature does not match the message");
	}

	@Test
	void aTamperedTopicMessageIdOrTimestampIsRejected() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "TopicArn", TOPIC + "-other"), "the signature does not match the message");
		assertRejected(SnsTestHost.with(signed, "MessageId", id()), "the signature does not match the message");
		assertRejected(SnsTestHost.with(signed, "Timestamp", "2026-11-25T03:00:00Z"),
				"the signature does not match the message");
	}

	@Test
	void aSubjectAddedToANotificationSignedWithoutOneIsRejected() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "Subject", "Injected"), "the signature does not match the message");
	}

	@Test
	void aTamperedSubscribeUrlIsRejected() {
		String signed = sns.confirmation("SubscriptionConfirmation", TOPIC, id(), 2);
		String url = "https://" + SnsTestHost.REGION_HOST + "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=x";

		assertRejected(SnsTestHost.with(signed, "SubscribeURL", url), "the signature does not match the message");
	}

	@Test
	void aSignatureVersionChangedTo1IsRejected() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "SignatureVersion", "1"), "the signature does not match the message");
		assertRejected(SnsTestHost.with(signed, "SignatureVersion", "3"), "SignatureVersion must be 1 or 2");
	}

	@Test
	void aSignatureThatIsNotBase64IsRejected() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "Signature", "not*base64"), "Signature is not base64");
	}

	@Test
	void anHttpCertificateUrlIsRejectedWithoutAnyRequest() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "SigningCertURL", sns.certificateUrl().replace("https:", "http:")),
				"SigningCertURL must use https");
		assertNothingFetched();
	}

	@Test
	void anS3HostedCertificateIsRejectedWithoutAnyRequest() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "SigningCertURL",
				"https://sns-certs.s3.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem"),
				"SigningCertURL must be on an SNS host, sns.<region>.amazonaws.com");
		assertNothingFetched();
	}

	@Test
	void lookAlikeHostsAreRejectedWithoutAnyRequest() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);
		String path = URI.create(sns.certificateUrl()).getPath();

		for (String host : new String[] { "sns.us-east-1.amazonaws.com.evil.com", "evil-sns.us-east-1.amazonaws.com",
				"127.0.0.1", "[::1]" }) {
			assertRejected(SnsTestHost.with(signed, "SigningCertURL", "https://" + host + path),
					"SigningCertURL must be on an SNS host, sns.<region>.amazonaws.com");
		}
		assertNothingFetched();
	}

	@Test
	void userInfoAndPortTricksAreRejectedWithoutAnyRequest() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);
		String path = URI.create(sns.certificateUrl()).getPath();

		assertRejected(SnsTestHost.with(signed, "SigningCertURL", "https://evil.com@" + SnsTestHost.REGION_HOST + path),
				"SigningCertURL must not carry user information");
		assertRejected(SnsTestHost.with(signed, "SigningCertURL", "https://" + SnsTestHost.REGION_HOST + "@evil.com" + path),
				"SigningCertURL must not carry user information");
		assertRejected(SnsTestHost.with(signed, "SigningCertURL", "https://" + SnsTestHost.REGION_HOST + ":8443" + path),
				"SigningCertURL must not name a port");
		assertNothingFetched();
	}

	@Test
	void aCertificateFromAnUntrustedCaIsRejected() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		SnsVerification verification = verify(
				SnsTestHost.with(signed, "SigningCertURL", sns.serve(sns.untrustedCertificatePem())));

		assertThat(verification).isInstanceOfSatisfying(SnsVerification.Rejected.class, (rejected) -> assertThat(
				rejected.reason()).startsWith("the signing certificate does not chain to a trusted root"));
	}

	@Test
	void aMissingIntermediateIsFetchedFromAmazonsRepositoryAndMustChainToTheRoot() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);
		String certificateUrl = sns.serveCertificateIssuedByIntermediate("http://crt.r2m01.amazontrust.com/r2m01.cer");

		assertVerified(SnsTestHost.with(signed, "SigningCertURL", certificateUrl));
		assertThat(sns.fetched()).containsExactly(URI.create(certificateUrl),
				URI.create("http://crt.r2m01.amazontrust.com/r2m01.cer"));
	}

	@Test
	void anIntermediateIsNeverFetchedFromAnywhereButAmazonsRepository() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);
		String certificateUrl = sns.serveCertificateIssuedByIntermediate("http://evil.example/r2m01.cer");

		SnsVerification verification = verify(SnsTestHost.with(signed, "SigningCertURL", certificateUrl));

		assertThat(verification).isInstanceOfSatisfying(SnsVerification.Rejected.class, (rejected) -> assertThat(
				rejected.reason()).startsWith("the signing certificate does not chain to a trusted root"));
		assertThat(sns.fetched()).containsExactly(URI.create(certificateUrl));
	}

	@Test
	void aTrustedCertificateThatIsNotSnssIsRejected() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		assertRejected(SnsTestHost.with(signed, "SigningCertURL", sns.serve(sns.wrongSubjectCertificatePem())),
				"the signing certificate is not SNS's (its subject must be CN=sns.amazonaws.com)");
	}

	@Test
	void aCertificateUrlAnsweringWithARedirectIsRejectedAndTheRedirectNotFollowed() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);
		String redirecting = sns.serveRedirect("https://evil.example/SimpleNotificationService-0.pem");

		SnsVerification verification = verify(SnsTestHost.with(signed, "SigningCertURL", redirecting));

		assertThat(verification).isInstanceOfSatisfying(SnsVerification.Rejected.class, (rejected) -> assertThat(
				rejected.reason()).contains("answered HTTP 302"));
		assertThat(sns.fetched()).containsExactly(URI.create(redirecting));
	}

	@Test
	void anOversizedOrMissingCertificateIsRejected() {
		String signed = sns.notification(TOPIC, id(), null, "{}", "2026-11-25T03:00:00.000Z", 2);

		assertThat(verify(SnsTestHost.with(signed, "SigningCertURL", sns.serve(new byte[200_000]))))
			.isInstanceOfSatisfying(SnsVerification.Rejected.class,
					(rejected) -> assertThat(rejected.reason()).contains("larger than"));
		assertThat(verify(SnsTestHost.with(signed, "SigningCertURL",
				"https://" + SnsTestHost.REGION_HOST + "/SimpleNotificationService-00.pem")))
			.isInstanceOfSatisfying(SnsVerification.Rejected.class,
					(rejected) -> assertThat(rejected.reason()).contains("answered HTTP 404"));
		assertThat(verify(SnsTestHost.with(signed, "SigningCertURL", sns.serve("garbage".getBytes()))))
			.isEqualTo(new SnsVerification.Rejected("the signing certificate is not a PEM X.509 certificate"));
	}

	@Test
	void anExpiredCertificateIsRejected() {
		SnsSignatureVerifier later = new SnsSignatureVerifier(sns.fetcher(), sns.trustAnchors(), "sns.amazonaws.com",
				Clock.fixed(Instant.now().plusSeconds(400L * 24 * 3600), java.time.ZoneOffset.UTC), 16);

		SnsVerification verification = later.verify(parse(sns.notification(TOPIC, id(), null, "{}",
				"2026-11-25T03:00:00.000Z", 2)));

		assertThat(verification).isInstanceOf(SnsVerification.Rejected.class);
	}

	private void assertVerified(String body) {
		SnsMessage message = parse(body);
		assertThat(this.verifier.verify(message)).isEqualTo(new SnsVerification.Verified(message));
	}

	private void assertRejected(String body, String reason) {
		assertThat(verify(body)).isEqualTo(new SnsVerification.Rejected(reason));
	}

	private SnsVerification verify(String body) {
		return this.verifier.verify(parse(body));
	}

	private static void assertNothingFetched() {
		assertThat(sns.fetched()).as("fetch attempts").isEmpty();
		assertThat(sns.requests()).as("requests received").isEmpty();
	}

	private static SnsMessage parse(String body) {
		return ((SnsParseResult.Parsed) SnsMessageParser.parse(body)).message();
	}

	private static String id() {
		return UUID.randomUUID().toString();
	}

}
