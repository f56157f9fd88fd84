package dev.herald.console.snsapi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.herald.console.snsapi.SigV4Verifier.SignedRequest;
import dev.herald.console.snsapi.SigV4Verifier.Verified;
import dev.herald.db.snsapi.SnsAccessKeyRepository.SigningKey;
import dev.herald.db.tenant.TenantId;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests signed by the AWS SDK's own SigV4 signer, verified, and refused once anything signed is changed. */
class SigV4VerifierTests {

	private static final String KEY_ID = "HKIATESTKEY000000001";

	private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private static final String BODY = "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A"
			+ "123456789012%3Aorders&Message=hi+there";

	private final TenantId tenant = new TenantId(UUID.randomUUID());

	private final SigV4Verifier verifier = new SigV4Verifier(
			(id) -> KEY_ID.equals(id) ? Optional.of(new SigningKey(this.tenant, KEY_ID, SECRET)) : Optional.empty(),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aRequestSignedByTheSdksSignerIsVerifiedAsTheKeysTenantAndRegion() {
		Verified verified = this.verifier.verify(signed(KEY_ID, SECRET, "eu-west-1", "sns", NOW, "/", BODY));

		assertThat(verified.tenant()).isEqualTo(this.tenant);
		assertThat(verified.region()).isEqualTo("eu-west-1");
		assertThat(verified.accessKeyId()).isEqualTo(KEY_ID);
	}

	@Test
	void aPathWithCharactersToEncodeAndAQueryStringVerifyAsTheSdkSignedThem() {
		SignedRequest request = signed(KEY_ID, SECRET, "eu-west-1", "sns", NOW, "/sns%20api/v1",
				BODY, "b=2&a=x%20y&a=1");

		assertThat(this.verifier.verify(request).tenant()).isEqualTo(this.tenant);
	}

	@Test
	void aChangedBodyIsRefusedEvenWithAMatchingContentHashHeader() {
		SignedRequest request = signed(KEY_ID, SECRET, "eu-west-1", "sns", NOW, "/", BODY);
		byte[] tampered = BODY.replace("hi+there", "pwned").getBytes(StandardCharsets.UTF_8);

		assertRefused(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
				tampered), "SignatureDoesNotMatch", "x-amz-content-sha256");

		Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
		headers.put("x-amz-content-sha256",
				List.of(java.util.HexFormat.of().formatHex(SigV4Verifier.sha256(tampered))));
		assertRefused(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, tampered),
				"SignatureDoesNotMatch", "does not match the signature");
	}

	@Test
	void aChangedSignedHeaderPathOrMethodIsRefused() {
		SignedRequest request = signed(KEY_ID, SECRET, "eu-west-1", "sns", NOW, "/", BODY);
		Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
		headers.put("host", List.of("attacker.example"));

		assertRefused(new SignedRequest("POST", "/", null, headers, request.body()), "SignatureDoesNotMatch",
				"does not match");
		assertRefused(new SignedRequest("POST", "/other", null, request.headers(), request.body()),
				"SignatureDoesNotMatch", "does not match");
		assertRefused(new SignedRequest("PUT", "/", null, request.headers(), request.body()), "SignatureDoesNotMatch",
				"does not match");
	}

	@Test
	void aSignatureMadeWithAnotherSecretIsRefused() {
		assertRefused(signed(KEY_ID, SECRET + "x", "eu-west-1", "sns", NOW, "/", BODY), "SignatureDoesNotMatch",
				"Check your AWS Secret Access Key");
	}

	@Test
	void anUnknownOrRevokedAccessKeyIsAnInvalidClientTokenId() {
		assertRefused(signed("HKIAUNKNOWN000000000", SECRET, "eu-west-1", "sns", NOW, "/", BODY),
				"InvalidClientTokenId", "security token included in the request is invalid");
	}

	@Test
	void aRequestSignedMoreThanFifteenMinutesAwayFromTheServersClockIsRefused() {
		assertThat(this.verifier.verify(signed(KEY_ID, SECRET, "eu-west-1", "sns", NOW.minus(Duration.ofMinutes(14)),
				"/", BODY)).tenant()).isEqualTo(this.tenant);
		assertRefused(signed(KEY_ID, SECRET, "eu-west-1", "sns", NOW.minus(Duration.ofMinutes(16)), "/", BODY),
				"SignatureDoesNotMatch", "Signature expired: 20261125T094400Z is now earlier than 20261125T094500Z");
		assertRefused(signed(KEY_ID, SECRET, "eu-west-1", "sns", NOW.plus(Duration.ofMinutes(16)), "/", BODY),
				"SignatureDoesNotMatch", "Signature expired");
	}

	@Test
	void aSignatureForAnotherServiceIsRefused() {
		assertRefused(signed(KEY_ID, SECRET, "eu-west-1", "sqs", NOW, "/", BODY), "SignatureDoesNotMatch",
				"correct service: 'sns'");
	}

	@Test
	void aRequestWithoutOrWithAMalformedAuthorizationHeaderIsRefused() {
		SignedRequest request = signed(KEY_ID, SECRET, "eu-west-1", "sns", NOW, "/", BODY);
		Map<String, List<String>> without = new LinkedHashMap<>(request.headers());
		without.remove("authorization");
		Map<String, List<String>> malformed = new LinkedHashMap<>(request.headers());
		malformed.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + KEY_ID));
		Map<String, List<String>> noDate = new LinkedHashMap<>(request.headers());
		noDate.remove("x-amz-date");

		assertRefused(new SignedRequest("POST", "/", null, without, request.body()), "MissingAuthenticationToken",
				"missing Authentication Token");
		assertRefused(new SignedRequest("POST", "/", null, malformed, request.body()), "IncompleteSignature",
				"Credential");
		assertRefused(new SignedRequest("POST", "/", null, noDate, request.body()), "IncompleteSignature",
				"X-Amz-Date");
	}

	private void assertRefused(SignedRequest request, String code, String message) {
		assertThatThrownBy(() -> this.verifier.verify(request)).isInstanceOfSatisfying(SnsError.class, (error) -> {
			assertThat(error.code()).isEqualTo(code);
			assertThat(error.status()).isEqualTo(code.equals("IncompleteSignature") ? 400 : 403);
			assertThat(error.getMessage()).contains(message).doesNotContain(SECRET);
		});
	}

	private static SignedRequest signed(String keyId, String secret, String region, String service, Instant at,
			String path, String body) {
		return signed(keyId, secret, region, service, at, path, body, null);
	}

	private static SignedRequest signed(String keyId, String secret, String region, String service, Instant at,
			String path, String body, String query) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		SdkHttpRequest request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create("http://127.0.0.1:8080" + path + ((query != null) ? "?" + query : "")))
			.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			.putHeader("Content-Length", String.valueOf(bytes.length))
			.build();
		SdkHttpRequest signed = AwsV4HttpSigner.create()
			.sign((sign) -> sign.identity(AwsCredentialsIdentity.create(keyId, secret))
				.request(request)
				.payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
				.putProperty(AwsV4HttpSigner.REGION_NAME, region)
				.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
				.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
			.request();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		signed.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
		headers.putIfAbsent("host", List.of("127.0.0.1:8080"));
		return new SignedRequest("POST", signed.encodedPath(), signed.encodedQueryParameters().orElse(null), headers,
				bytes);
	}

}
