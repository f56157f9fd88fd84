package dev.herald.channels.aws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake refuses what AWS would refuse, so a channel test passing means the SDK's request was really valid. */
class FakeAwsServiceTests {

	private static final String BODY = "Action=Publish&PhoneNumber=%2B14155550100&Message=Hi&Version=2010-03-31";

	// The JDK client sets these itself; sending them again is refused.
	private static final Set<String> RESTRICTED = Set.of("host", "content-length");

	private final FakeAwsService sns = FakeAwsService.start(FakeAwsService.Dialect.QUERY_XML, "sns", "us-east-1");

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stop() {
		this.sns.close();
		this.http.close();
	}

	@Test
	void correctlySignedRequestGetsTheScriptedAnswer() throws Exception {
		this.sns.answer(SnsAnswers.published("id-1"));

		HttpResponse<String> response = send(sign(FakeAwsService.SECRET_ACCESS_KEY, "us-east-1", Clock.systemUTC()),
				BODY);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("<MessageId>id-1</MessageId>");
	}

	@Test
	void requestWhoseBodyChangedAfterSigningIsRefusedAsSnsWould() throws Exception {
		this.sns.answer(SnsAnswers.published("id-1"));

		HttpResponse<String> response = send(sign(FakeAwsService.SECRET_ACCESS_KEY, "us-east-1", Clock.systemUTC()),
				BODY.replace("Hi", "Ha"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>");
	}

	@Test
	void requestSignedWithAnotherSecretIsRefusedWithSignatureDoesNotMatch() throws Exception {
		HttpResponse<String> response = send(sign("not-the-secret", "us-east-1", Clock.systemUTC()), BODY);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("<Type>Sender</Type>", "<Code>SignatureDoesNotMatch</Code>",
				"The request signature we calculated does not match");
	}

	@Test
	void requestSignedForAnotherRegionOrLongAgoIsRefused() throws Exception {
		HttpResponse<String> otherRegion = send(sign(FakeAwsService.SECRET_ACCESS_KEY, "eu-west-1", Clock.systemUTC()),
				BODY);
		HttpResponse<String> stale = send(sign(FakeAwsService.SECRET_ACCESS_KEY, "us-east-1",
				Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC)), BODY);

		assertThat(otherRegion.statusCode()).isEqualTo(403);
		assertThat(otherRegion.body()).contains("<Code>SignatureDoesNotMatch</Code>", "Credential should be scoped");
		assertThat(stale.statusCode()).isEqualTo(403);
		assertThat(stale.body()).contains("<Code>SignatureDoesNotMatch</Code>", "Signature expired");
	}

	@Test
	void unsignedRequestIsRefused() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.sns.endpoint() + "/"))
			.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			.POST(BodyPublishers.ofString(BODY))
			.build(), BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("<Code>IncompleteSignature</Code>");
	}

	private SignedRequest sign(String secret, String region, Clock clock) {
		SdkHttpRequest request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create(this.sns.endpoint() + "/"))
			.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			.build();
		return AwsV4HttpSigner.create()
			.sign((sign) -> sign.identity(AwsCredentialsIdentity.create(FakeAwsService.ACCESS_KEY_ID, secret))
				.request(request)
				.payload(ContentStreamProvider.fromUtf8String(BODY))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sns")
				.putProperty(AwsV4HttpSigner.REGION_NAME, region)
				.putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
	}

	private HttpResponse<String> send(SignedRequest signed, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri())
			.POST(BodyPublishers.ofString(body));
		for (Map.Entry<String, java.util.List<String>> header : signed.request().headers().entrySet()) {
			if (!RESTRICTED.contains(header.getKey().toLowerCase())) {
				header.getValue().forEach((value) -> request.header(header.getKey(), value));
			}
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
