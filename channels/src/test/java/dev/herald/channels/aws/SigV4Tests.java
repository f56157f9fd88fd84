package dev.herald.channels.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import static org.assertj.core.api.Assertions.assertThat;

class SigV4Tests {

	@Test
	void verifierReproducesAwsDocumentedExampleSignature() {
		// AWS's S3 SigV4 documentation, "Example: GET Object" (an unencoded path, so S3's single encoding is the same).
		Map<String, List<String>> headers = Map.of("Host", List.of("examplebucket.s3.amazonaws.com"), "Range",
				List.of("bytes=0-9"), "x-amz-content-sha256",
				List.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "x-amz-date",
				List.of("20130524T000000Z"));
		SigV4.Authorization authorization = SigV4
			.parse("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
					+ "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
					+ "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
			.orElseThrow();

		String signature = SigV4.signature("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", authorization, "GET",
				"/test.txt", null, headers, new byte[0]);

		assertThat(signature).isEqualTo(authorization.signature());
	}

	@Test
	void verifierAgreesWithTheSdkSignerOnAPostWithEncodedPathQueryAndBody() {
		SignedRequest signed = sign("/v2/email/identities/orders%40shop.test", "b=2&a=1&c=x%20y",
				"Action=Publish&Message=caf%C3%A9");

		SigV4.Authorization authorization = authorization(signed);
		String signature = SigV4.signature(FakeAwsService.SECRET_ACCESS_KEY, authorization, "POST",
				signed.request().encodedPath(), "b=2&a=1&c=x%20y", signed.request().headers(),
				bytes("Action=Publish&Message=caf%C3%A9"));

		assertThat(signature).isEqualTo(authorization.signature());
	}

	@Test
	void changedBodyOrWrongSecretGiveAnotherSignature() {
		SignedRequest signed = sign("/", null, "Action=Publish&PhoneNumber=%2B14155550100");
		SigV4.Authorization authorization = authorization(signed);
		String tampered = SigV4.signature(FakeAwsService.SECRET_ACCESS_KEY, authorization, "POST", "/", null,
				signed.request().headers(), bytes("Action=Publish&PhoneNumber=%2B14155550199"));
		String wrongSecret = SigV4.signature("another-secret", authorization, "POST", "/", null,
				signed.request().headers(), bytes("Action=Publish&PhoneNumber=%2B14155550100"));

		assertThat(SigV4.signature(FakeAwsService.SECRET_ACCESS_KEY, authorization, "POST", "/", null,
				signed.request().headers(), bytes("Action=Publish&PhoneNumber=%2B14155550100")))
			.isEqualTo(authorization.signature());
		assertThat(tampered).isNotEqualTo(authorization.signature());
		assertThat(wrongSecret).isNotEqualTo(authorization.signature());
	}

	@Test
	void onlyTheExactSigV4StructureIsAccepted() {
		assertThat(SigV4.parse("AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/ses/aws4_request, "
				+ "SignedHeaders=host;x-amz-date, Signature=" + "a".repeat(64)))
			.hasValueSatisfying((authorization) -> assertThat(authorization.scope())
				.isEqualTo("20240101/eu-west-1/ses/aws4_request"));
		assertThat(SigV4.parse("AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/ses/aws4_request, "
				+ "SignedHeaders=host;x-amz-date, Signature=" + "a".repeat(63))).isEmpty();
		assertThat(SigV4.parse("AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/ses, SignedHeaders=host, "
				+ "Signature=" + "a".repeat(64))).isEmpty();
		assertThat(SigV4.parse("Basic dXNlcjpwYXNz")).isEmpty();
		assertThat(SigV4.parse(null)).isEmpty();
	}

	private static SigV4.Authorization authorization(SignedRequest signed) {
		return SigV4.parse(signed.request().firstMatchingHeader("Authorization").orElseThrow()).orElseThrow();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static SignedRequest sign(String path, String query, String body) {
		SdkHttpRequest request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create("http://127.0.0.1:8080" + path + ((query != null) ? "?" + query : "")))
			.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			.build();
		return AwsV4HttpSigner.create()
			.sign((sign) -> sign.identity(AwsCredentialsIdentity.create(FakeAwsService.ACCESS_KEY_ID,
					FakeAwsService.SECRET_ACCESS_KEY))
				.request(request)
				.payload(ContentStreamProvider.fromUtf8String(body))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sns")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
	}

}
