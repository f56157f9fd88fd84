package dev.herald.channels.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.herald.channels.sms.SmsText.Encoding;
import dev.herald.channels.sms.SmsText.Measure;

import static org.assertj.core.api.Assertions.assertThat;

class SmsTextTests {

	/** Every character of the GSM 7-bit default alphabet, from 3GPP TS 23.038 table 6.2.1, without the escape. */
	private static final String GSM_7_ALPHABET = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./"
			+ "0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

	private static final String KOREAN = "가";

	@Test
	void theEmptyTextIsNoSms() {
		assertThat(SmsText.measure("")).isEqualTo(new Measure(Encoding.GSM_7, 0, 0));
	}

	@ParameterizedTest
	@CsvSource({ "1, 1", "160, 1", "161, 2", "306, 2", "307, 3", "459, 3", "460, 4", "1530, 10", "1531, 11" })
	void gsm7TextTakes160CharactersAloneOr153PerPart(int length, int segments) {
		assertThat(SmsText.measure("a".repeat(length))).isEqualTo(new Measure(Encoding.GSM_7, length, segments));
	}

	@ParameterizedTest
	@CsvSource({ "1, 1", "70, 1", "71, 2", "134, 2", "135, 3", "201, 3", "202, 4" })
	void ucs2TextTakes70CharactersAloneOr67PerPart(int length, int segments) {
		assertThat(SmsText.measure(KOREAN.repeat(length))).isEqualTo(new Measure(Encoding.UCS_2, length, segments));
	}

	@Test
	void everyCharacterOfTheGsm7AlphabetIsOneSeptet() {
		assertThat(GSM_7_ALPHABET.codePoints().distinct().count()).isEqualTo(127);
		GSM_7_ALPHABET.codePoints()
			.forEach((c) -> assertThat(SmsText.measure(Character.toString(c)))
				.as("U+%04X", c)
				.isEqualTo(new Measure(Encoding.GSM_7, 1, 1)));
		assertThat(SmsText.measure(GSM_7_ALPHABET)).isEqualTo(new Measure(Encoding.GSM_7, 127, 1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f" })
	void extensionTableCharactersAreTwoSeptets(String character) {
		assertThat(SmsText.measure(character)).isEqualTo(new Measure(Encoding.GSM_7, 2, 1));
		assertThat(SmsText.measure("Total: 5" + character)).isEqualTo(new Measure(Encoding.GSM_7, 10, 1));
	}

	@Test
	void extensionCharactersCountTwiceTowardsTheSingleSmsLimit() {
		assertThat(SmsText.measure("€".repeat(80))).isEqualTo(new Measure(Encoding.GSM_7, 160, 1));
		assertThat(SmsText.measure("€".repeat(80) + "a")).isEqualTo(new Measure(Encoding.GSM_7, 161, 2));
		assertThat(SmsText.measure("a".repeat(159) + "€")).isEqualTo(new Measure(Encoding.GSM_7, 161, 2));
	}

	@Test
	void anEscapeIsNeverSplitAcrossParts() {
		// 306 septets would fill exactly two parts of 153, but the euro cannot start in the last septet of part one.
		String text = "a".repeat(152) + "€" + "a".repeat(152);

		assertThat(SmsText.measure(text)).isEqualTo(new Measure(Encoding.GSM_7, 306, 3));
		assertThat(SmsText.measure("a".repeat(151) + "€" + "a".repeat(153)))
			.isEqualTo(new Measure(Encoding.GSM_7, 306, 2));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ç", "á", "í", "ó", "ú", "`", "\t", "\u2126", "ω", "’", "“", "–", "…", "\u00a0", "\u0000",
			"€\u0301" })
	void charactersOutsideTheGsm7AlphabetMakeTheWholeTextUcs2(String character) {
		Measure measure = SmsText.measure("Hello " + character);

		assertThat(measure.encoding()).isEqualTo(Encoding.UCS_2);
		assertThat(measure.characters()).isEqualTo(6 + character.length());
		assertThat(SmsText.isGsm7("Hello " + character)).isFalse();
	}

	@Test
	void inUcs2ExtensionCharactersAreOneCodeUnitLikeAnyOther() {
		assertThat(SmsText.measure("€5 – thanks")).isEqualTo(new Measure(Encoding.UCS_2, 11, 1));
	}

	@Test
	void emojiOutsideTheBasicMultilingualPlaneAreTwoCodeUnits() {
		assertThat(SmsText.measure("😀")).isEqualTo(new Measure(Encoding.UCS_2, 2, 1));
		assertThat(SmsText.measure("😀".repeat(35))).isEqualTo(new Measure(Encoding.UCS_2, 70, 1));
		assertThat(SmsText.measure("😀".repeat(36))).isEqualTo(new Measure(Encoding.UCS_2, 72, 2));
		// A family is three people joined by two zero-width joiners: 8 code units.
		assertThat(SmsText.measure("👨‍👩‍👧")).isEqualTo(new Measure(Encoding.UCS_2, 8, 1));
	}

	@Test
	void aSurrogatePairIsNeverSplitAcrossParts() {
		// 134 code units would fill exactly two parts of 67, but the emoji cannot start in the last unit of part one.
		String text = KOREAN.repeat(66) + "😀" + KOREAN.repeat(66);

		assertThat(SmsText.measure(text)).isEqualTo(new Measure(Encoding.UCS_2, 134, 3));
		assertThat(SmsText.measure(KOREAN.repeat(65) + "😀" + KOREAN.repeat(67)))
			.isEqualTo(new Measure(Encoding.UCS_2, 134, 2));
	}

	@Test
	void koreanTextIsUcs2() {
		String text = "주문하신 상품이 발송되었습니다. 운송장 번호: 1234-5678";

		assertThat(SmsText.measure(text)).isEqualTo(new Measure(Encoding.UCS_2, text.length(), 1));
		assertThat(SmsText.measure(text.repeat(4))).isEqualTo(new Measure(Encoding.UCS_2, 4 * text.length(), 3));
	}

	@Test
	void mixedLatinGreekAndExtensionTextStaysGsm7() {
		String text = "Ärger? Ω-Rabatt {50%} für Müller & Søn, 3€ [sic] ~ ok|ja ^^ \\o/";

		assertThat(SmsText.measure(text))
			.isEqualTo(new Measure(Encoding.GSM_7, text.length() + count(text, "{}€[]~|^\\"), 1));
	}

	@Test
	void oneCharacterOutsideTheAlphabetChangesTheLimitsOfTheWholeText() {
		String latin = "Your parcel is on its way and will arrive tomorrow between 9 and 12. "
				+ "Track: https://t.shop.test/x";

		assertThat(SmsText.measure(latin)).isEqualTo(new Measure(Encoding.GSM_7, latin.length(), 1));
		assertThat(SmsText.measure(latin.replace("Your", "Your 📦")))
			.isEqualTo(new Measure(Encoding.UCS_2, latin.length() + 3, 2));
	}

	@Test
	void encodingsKnowTheirLimits() {
		assertThat(Encoding.GSM_7.singleSegmentCharacters()).isEqualTo(160);
		assertThat(Encoding.GSM_7.partCharacters()).isEqualTo(153);
		assertThat(Encoding.UCS_2.singleSegmentCharacters()).isEqualTo(70);
		assertThat(Encoding.UCS_2.partCharacters()).isEqualTo(67);
	}

	private static int count(String text, String characters) {
		return (int) text.chars().filter((c) -> characters.indexOf(c) >= 0).count();
	}

}
