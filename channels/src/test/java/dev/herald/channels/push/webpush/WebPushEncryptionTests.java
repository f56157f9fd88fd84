package dev.herald.channels.push.webpush;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WebPushEncryptionTests {

	// RFC 8291 Appendix A.
	private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";

	private static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyP"
			+ "js7Vd8pZGH6SRpkNtoIAiw4";

	private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";

	private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";

	private static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS"
			+ "6TlzAC8wEqKK6PBru3jl7A8";

	private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";

	private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";

	private static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
			+ "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT"
			+ "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

	@Test
	void rfc8291AppendixAExampleIsReproducedByteForByte() throws Exception {
		KeyPair applicationServer = Browser.keyPair(AS_PRIVATE, AS_PUBLIC);

		byte[] body = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8),
				P256.publicKey(Browser.base64Url(UA_PUBLIC)), Browser.base64Url(AUTH), applicationServer,
				Browser.base64Url(SALT));

		assertThat(Browser.base64Url(body)).isEqualTo(BODY);
	}

	@Test
	void testBrowserDecryptsTheRfc8291Example() throws Exception {
		Browser browser = Browser.withKeys(UA_PRIVATE, UA_PUBLIC, AUTH);

		assertThat(new String(browser.decrypt(Browser.base64Url(BODY)), StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
	}

	@Test
	void everyMessageHasAFreshSaltAndSenderKeyAndTheBrowserDecryptsEach() throws Exception {
		Browser browser = Browser.subscribe();
		ECPublicKey userAgentKey = P256.publicKey(Browser.base64Url(browser.p256dh()));
		byte[] plaintext = "{\"title\":\"Shipped\"}".getBytes(StandardCharsets.UTF_8);

		byte[] first = WebPushEncryption.encrypt(plaintext, userAgentKey, Browser.base64Url(browser.auth()));
		byte[] second = WebPushEncryption.encrypt(plaintext, userAgentKey, Browser.base64Url(browser.auth()));

		assertThat(Arrays.copyOfRange(first, 0, 16)).isNotEqualTo(Arrays.copyOfRange(second, 0, 16));
		assertThat(Arrays.copyOfRange(first, 21, 86)).isNotEqualTo(Arrays.copyOfRange(second, 21, 86));
		assertThat(browser.decrypt(first)).isEqualTo(plaintext);
		assertThat(browser.decrypt(second)).isEqualTo(plaintext);
	}

	@Test
	void headerIsSaltRecordSize4096AndTheSendersUncompressedKey() throws Exception {
		Browser browser = Browser.subscribe();

		byte[] body = WebPushEncryption.encrypt(new byte[10], P256.publicKey(Browser.base64Url(browser.p256dh())),
				Browser.base64Url(browser.auth()));

		assertThat(body).hasSize(86 + 10 + 1 + 16);
		assertThat(HexFormat.of().formatHex(body, 16, 21)).isEqualTo("0000100041");
		assertThat(body[21]).isEqualTo((byte) 0x04);
	}

	@Test
	void alteringAnyByteOfCiphertextOrSaltMakesDecryptionFail() throws Exception {
		Browser browser = Browser.subscribe();
		byte[] body = WebPushEncryption.encrypt("pay attention".getBytes(StandardCharsets.UTF_8),
				P256.publicKey(Browser.base64Url(browser.p256dh())), Browser.base64Url(browser.auth()));

		for (int index : new int[] { 0, 15, 86, 90, body.length - 1 }) {
			byte[] tampered = body.clone();
			tampered[index] ^= 0x01;
			assertThatExceptionOfType(AEADBadTagException.class).as("byte %d altered", index)
				.isThrownBy(() -> browser.decrypt(tampered));
		}
	}

	@Test
	void anotherBrowserCannotDecrypt() throws Exception {
		Browser recipient = Browser.subscribe();
		Browser other = Browser.subscribe();
		byte[] body = WebPushEncryption.encrypt("for recipient only".getBytes(StandardCharsets.UTF_8),
				P256.publicKey(Browser.base64Url(recipient.p256dh())), Browser.base64Url(recipient.auth()));

		assertThatExceptionOfType(GeneralSecurityException.class).isThrownBy(() -> other.decrypt(body));
	}

	@Test
	void largestPayloadFillsExactly4096BytesAndOneMoreByteIsRefused() throws Exception {
		Browser browser = Browser.subscribe();
		ECPublicKey key = P256.publicKey(Browser.base64Url(browser.p256dh()));
		byte[] auth = Browser.base64Url(browser.auth());

		byte[] body = WebPushEncryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT_LENGTH], key, auth);

		assertThat(body).hasSize(4096);
		assertThat(browser.decrypt(body)).hasSize(3993);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(
				() -> WebPushEncryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT_LENGTH + 1], key, auth));
	}

	@Test
	void subscriptionKeyOffTheCurveIsRefused() {
		byte[] point = Browser.base64Url(UA_PUBLIC);
		point[64] ^= 0x01;

		assertThatExceptionOfType(InvalidKeySpecException.class).isThrownBy(() -> P256.publicKey(point))
			.withMessageContaining("not on the P-256 curve");
	}

	@Test
	void compressedOrTruncatedSubscriptionKeysAreRefused() {
		byte[] point = Browser.base64Url(UA_PUBLIC);
		byte[] compressed = Arrays.copyOf(point, 33);
		compressed[0] = 0x02;

		assertThatExceptionOfType(InvalidKeySpecException.class).isThrownBy(() -> P256.publicKey(compressed));
		assertThatExceptionOfType(InvalidKeySpecException.class)
			.isThrownBy(() -> P256.publicKey(Arrays.copyOf(point, 64)));
	}

	@Test
	void hkdfMatchesRfc5869TestCase1() throws Exception {
		HexFormat hex = HexFormat.of();
		byte[] ikm = hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
		byte[] salt = hex.parseHex("000102030405060708090a0b0c");
		byte[] info = hex.parseHex("f0f1f2f3f4f5f6f7f8f9");

		byte[] prk = Hkdf.extract(salt, ikm);
		byte[] okm = Hkdf.expand(prk, info, 42);

		assertThat(hex.formatHex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
		assertThat(hex.formatHex(okm)).isEqualTo(
				"3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
	}

	@Test
	void hkdfMatchesRfc5869TestCase3WithoutSalt() throws Exception {
		HexFormat hex = HexFormat.of();
		byte[] ikm = hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");

		byte[] okm = Hkdf.derive(new byte[0], ikm, new byte[0], 42);

		assertThat(hex.formatHex(okm)).isEqualTo(
				"8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
	}

}
