package dev.herald.db.secret;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretBoxTests {

	private final SecretBox box = SecretBox.ofBase64Key(SecretBox.generateKey());

	@Test
	void aSealedSecretOpensWhereItWasSealedAndDoesNotContainThePlaintext() {
		byte[] sealed = this.box.seal("twilio-auth-token-123", "tenant-a:sms:twilio");

		assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("twilio-auth-token");
		assertThat(this.box.open(sealed, "tenant-a:sms:twilio")).isEqualTo("twilio-auth-token-123");
	}

	@Test
	void aBoxWithoutAKeyRefusesToSealOrOpen() {
		SecretBox keyless = SecretBox.withoutKey();
		byte[] sealed = this.box.seal("twilio-auth-token-123", "tenant-a:sms:twilio");

		assertThatIllegalStateException().isThrownBy(() -> keyless.seal("x", "tenant-a:sms:twilio"));
		assertThatIllegalStateException().isThrownBy(() -> keyless.open(sealed, "tenant-a:sms:twilio"))
			.withMessageNotContaining("twilio-auth-token");
	}

	@Test
	void sealingTheSameSecretTwiceGivesDifferentCiphertexts() {
		assertThat(this.box.seal("same", "x")).isNotEqualTo(this.box.seal("same", "x"));
	}

	@Test
	void aSecretMovedToAnotherPlaceAlteredOrOpenedWithAnotherKeyDoesNotOpen() {
		byte[] sealed = this.box.seal("pa55-w0rd-value", "tenant-a:sms:twilio");
		byte[] altered = Arrays.copyOf(sealed, sealed.length);
		altered[altered.length - 1] ^= 1;
		SecretBox otherKey = SecretBox.ofBase64Key(SecretBox.generateKey());

		assertThatIllegalArgumentException().isThrownBy(() -> this.box.open(sealed, "tenant-b:sms:twilio"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.box.open(altered, "tenant-a:sms:twilio"));
		assertThatIllegalArgumentException().isThrownBy(() -> otherKey.open(sealed, "tenant-a:sms:twilio"))
			.withMessageNotContaining("pa55-w0rd-value");
	}

	@Test
	void aKeyOfTheWrongSizeIsRefusedWithTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretBox.ofBase64Key("c2hvcnQ="))
			.withMessageContaining("32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> SecretBox.ofBase64Key("not base64!"))
			.withMessageContaining("base64");
	}

}
