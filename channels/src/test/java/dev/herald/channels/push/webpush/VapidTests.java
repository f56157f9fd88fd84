package dev.herald.channels.push.webpush;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.herald.channels.push.webpush.VapidVerifier.Refused;
import dev.herald.channels.push.webpush.VapidVerifier.Token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VapidTests {

	private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final URI ENDPOINT = URI.create("https://updates.push.services.mozilla.com/wpush/v2/gAAAAABo");

	private final VapidKeyPair keys = VapidKeyPair.generate();

	private final Vapid vapid = Vapid.of("mailto:ops@shop.test", this.keys.publicKey(), this.keys.privateKey(), CLOCK);

	@Test
	void authorizationCarriesAnEs256JwtForTheEndpointsOriginThatVerifiesWithK() throws Exception {
		String authorization = this.vapid.authorization(ENDPOINT);

		Token token = VapidVerifier.verify(authorization, "https://updates.push.services.mozilla.com", NOW);

		assertThat(authorization).startsWith("vapid t=").endsWith(", k=" + this.keys.publicKey());
		assertThat(token.subject()).isEqualTo("mailto:ops@shop.test");
		assertThat(token.expires()).isEqualTo(NOW.plus(Duration.ofHours(12)));
		String header = authorization.substring("vapid t=".length()).split("\\.")[0];
		assertThat(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.US_ASCII))
			.isEqualTo("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
	}

	@ParameterizedTest
	@CsvSource({ "https://fcm.googleapis.com/fcm/send/abc:def, https://fcm.googleapis.com",
			"https://web.push.apple.com:443/QGuQyavX?x=1, https://web.push.apple.com",
			"HTTPS://WNS2-BY3P.notify.windows.com/w/?token=AwYAAAB, https://wns2-by3p.notify.windows.com",
			"http://127.0.0.1:8080/push/1, http://127.0.0.1:8080", "http://localhost:80/push, http://localhost",
			"https://push.example:8443/p, https://push.example:8443" })
	void audienceIsTheEndpointsOrigin(String endpoint, String origin) {
		assertThat(Vapid.audience(URI.create(endpoint))).isEqualTo(origin);
	}

	@Test
	void verifierRefusesATokenWhoseClaimsWereAltered() throws Exception {
		String[] parts = this.vapid.authorization(ENDPOINT).substring("vapid t=".length()).split("[.,]");
		String otherClaims = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"aud\":\"https://updates.push.services.mozilla.com\",\"exp\":"
					+ NOW.plusSeconds(600).getEpochSecond() + ",\"sub\":\"mailto:attacker@evil.test\"}")
				.getBytes(StandardCharsets.UTF_8));
		String tampered = "vapid t=" + parts[0] + "." + otherClaims + "." + parts[2] + ", k=" + this.keys.publicKey();

		assertThatExceptionOfType(Refused.class)
			.isThrownBy(() -> VapidVerifier.verify(tampered, "https://updates.push.services.mozilla.com", NOW))
			.withMessageContaining("signature does not verify");
	}

	@Test
	void verifierRefusesAnAlteredSignature() throws Exception {
		String authorization = this.vapid.authorization(ENDPOINT);
		int signatureStart = authorization.lastIndexOf('.') + 1;
		char flipped = (authorization.charAt(signatureStart) == 'A') ? 'B' : 'A';
		String tampered = authorization.substring(0, signatureStart) + flipped
				+ authorization.substring(signatureStart + 1);

		assertThatExceptionOfType(Refused.class)
			.isThrownBy(() -> VapidVerifier.verify(tampered, "https://updates.push.services.mozilla.com", NOW));
	}

	@Test
	void verifierRefusesATokenPresentedWithAnotherKey() throws Exception {
		String authorization = this.vapid.authorization(ENDPOINT);
		String otherKey = VapidKeyPair.generate().publicKey();

		assertThatExceptionOfType(Refused.class)
			.isThrownBy(() -> VapidVerifier.verify(authorization.replace(this.keys.publicKey(), otherKey),
					"https://updates.push.services.mozilla.com", NOW))
			.withMessageContaining("signature does not verify");
	}

	@Test
	void verifierRefusesATokenForAnotherPushService() throws Exception {
		String authorization = this.vapid.authorization(ENDPOINT);

		assertThatExceptionOfType(Refused.class)
			.isThrownBy(() -> VapidVerifier.verify(authorization, "https://fcm.googleapis.com", NOW))
			.withMessageContaining("aud");
	}

	@Test
	void verifierRefusesAnExpiredTokenAndOneValidForMoreThan24Hours() throws Exception {
		String authorization = this.vapid.authorization(ENDPOINT);
		String audience = "https://updates.push.services.mozilla.com";

		assertThatExceptionOfType(Refused.class)
			.isThrownBy(() -> VapidVerifier.verify(authorization, audience, NOW.plus(Duration.ofHours(13))))
			.withMessageContaining("exp");
		assertThatExceptionOfType(Refused.class)
			.isThrownBy(() -> VapidVerifier.verify(authorization, audience, NOW.minus(Duration.ofHours(13))))
			.withMessageContaining("exp");
	}

	@Test
	void generatedKeyPairIsARawScalarAndAnUncompressedPointThatSignTogether() throws Exception {
		VapidKeyPair generated = VapidKeyPair.generate();

		assertThat(Browser.base64Url(generated.privateKey())).hasSize(32);
		assertThat(Browser.base64Url(generated.publicKey())).hasSize(65).startsWith((byte) 0x04);
		assertThat(generated.publicKey()).doesNotContain("=", "+", "/");
		Vapid signer = Vapid.of("https://shop.test/contact", generated.publicKey(), generated.privateKey(), CLOCK);
		assertThat(VapidVerifier.verify(signer.authorization(ENDPOINT), "https://updates.push.services.mozilla.com",
				NOW))
			.extracting(Token::publicKey)
			.isEqualTo(generated.publicKey());
	}

	@Test
	void privateKeyMayBePkcs8AsPemOrBase64Der() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair pair = generator.generateKeyPair();
		String publicKey = Browser.base64Url(point(pair));
		String der = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";

		for (String privateKey : new String[] { der, pem }) {
			Vapid signer = Vapid.of("mailto:ops@shop.test", publicKey, privateKey, CLOCK);
			assertThat(VapidVerifier.verify(signer.authorization(ENDPOINT),
					"https://updates.push.services.mozilla.com", NOW))
				.extracting(Token::publicKey)
				.isEqualTo(publicKey);
		}
	}

	@Test
	void publicKeyOfAnotherPairIsRefusedAtConfiguration() {
		VapidKeyPair other = VapidKeyPair.generate();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> Vapid.of("mailto:ops@shop.test", other.publicKey(), this.keys.privateKey(), CLOCK))
			.withMessage("provider webpush: setting 'publicKey' does not belong to secret 'privateKey'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ops@shop.test", "mailto:", "http://shop.test/contact", "https:", "shop.test" })
	void subjectMustBeAMailtoOrHttpsContact(String subject) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Vapid.of(subject, this.keys.publicKey(), this.keys.privateKey(), CLOCK))
			.withMessageStartingWith("provider webpush: setting 'subject' must be a mailto: or https: URI");
	}

	/** The uncompressed point of a JDK key: the last 65 bytes of its SubjectPublicKeyInfo. */
	private static byte[] point(KeyPair pair) {
		byte[] spki = pair.getPublic().getEncoded();
		return Arrays.copyOfRange(spki, spki.length - 65, spki.length);
	}

}
