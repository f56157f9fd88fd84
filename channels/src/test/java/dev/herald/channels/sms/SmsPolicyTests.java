package dev.herald.channels.sms;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.herald.channels.sms.SmsPolicy.Overflow;
import dev.herald.channels.sms.SmsPolicy.Result;
import dev.herald.channels.sms.SmsPolicy.Result.Fits;
import dev.herald.channels.sms.SmsPolicy.Result.Refused;
import dev.herald.channels.sms.SmsPolicy.Result.Truncated;
import dev.herald.channels.sms.SmsText.Encoding;
import dev.herald.channels.sms.SmsText.Measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class SmsPolicyTests {

	private static final SmsPolicy TRUNCATE_3 = new SmsPolicy(3, Overflow.TRUNCATE);

	private static final SmsPolicy TRUNCATE_1 = new SmsPolicy(1, Overflow.TRUNCATE);

	private static final String FAMILY = "👨‍👩‍👧";

	@Test
	void byDefaultThreePartsAreAllowedAndLongerTextsRefused() {
		assertThat(SmsPolicy.DEFAULT).isEqualTo(new SmsPolicy(3, Overflow.REFUSE));
		assertThat(new SmsPolicy(5)).isEqualTo(new SmsPolicy(5, Overflow.REFUSE));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 256 })
	void aLimitOutsideOneTo255PartsIsRefused(int maxSegments) {
		assertThatIllegalArgumentException().isThrownBy(() -> new SmsPolicy(maxSegments, Overflow.TRUNCATE))
			.withMessage("maxSegments must be between 1 and 255, not " + maxSegments);
	}

	@Test
	void anOverflowIsRequired() {
		assertThatNullPointerException().isThrownBy(() -> new SmsPolicy(3, null));
	}

	@Test
	void textsUpToTheLimitFitAsTheyAre() {
		String gsm7 = "a".repeat(459);
		String ucs2 = "가".repeat(201);

		assertThat(SmsPolicy.DEFAULT.apply(gsm7)).isEqualTo(new Fits(gsm7, new Measure(Encoding.GSM_7, 459, 3)));
		assertThat(SmsPolicy.DEFAULT.apply(ucs2)).isEqualTo(new Fits(ucs2, new Measure(Encoding.UCS_2, 201, 3)));
		assertThat(TRUNCATE_1.apply("")).isEqualTo(new Fits("", new Measure(Encoding.GSM_7, 0, 0)));
	}

	@Test
	void aLongerTextIsRefusedNamingThePartsItNeeds() {
		assertThat(SmsPolicy.DEFAULT.apply("a".repeat(153 * 11 + 1)))
			.isEqualTo(new Refused("needs 12 SMS parts; at most 3 allowed"));
		assertThat(SmsPolicy.DEFAULT.apply("a".repeat(460)))
			.isEqualTo(new Refused("needs 4 SMS parts; at most 3 allowed"));
		assertThat(new SmsPolicy(1).apply("가".repeat(71)))
			.isEqualTo(new Refused("needs 2 SMS parts; at most 1 allowed"));
	}

	@Test
	void aGsm7TextIsCutToFillItsPartsAndEndsWithThreeDots() {
		assertThat(TRUNCATE_3.apply("a".repeat(1000))).isEqualTo(new Truncated("a".repeat(456) + "...",
				new Measure(Encoding.GSM_7, 1000, 7), new Measure(Encoding.GSM_7, 459, 3)));
		assertThat(TRUNCATE_1.apply("a".repeat(161))).isEqualTo(new Truncated("a".repeat(157) + "...",
				new Measure(Encoding.GSM_7, 161, 2), new Measure(Encoding.GSM_7, 160, 1)));
	}

	@Test
	void cuttingAGsm7TextKeepsEscapesWhole() {
		// Each part holds 76 euros (152 septets): the 77th would have to be split.
		assertThat(TRUNCATE_3.apply("€".repeat(300))).isEqualTo(new Truncated("€".repeat(227) + "...",
				new Measure(Encoding.GSM_7, 600, 4), new Measure(Encoding.GSM_7, 457, 3)));
	}

	@Test
	void theCutDropsSpacesBeforeTheDots() {
		Result result = TRUNCATE_3.apply("a".repeat(455) + " " + "b".repeat(100));

		assertThat(result).isInstanceOfSatisfying(Truncated.class,
				(truncated) -> assertThat(truncated.text()).isEqualTo("a".repeat(455) + "..."));
	}

	@Test
	void aUcs2TextIsCutToFillItsPartsAndEndsWithAnEllipsis() {
		assertThat(TRUNCATE_3.apply("가".repeat(300))).isEqualTo(new Truncated("가".repeat(200) + "…",
				new Measure(Encoding.UCS_2, 300, 5), new Measure(Encoding.UCS_2, 201, 3)));
	}

	@Test
	void anEmojiIsNeverCutInHalf() {
		// Each part holds 33 emoji (66 code units); the last part has room for the ellipsis.
		assertThat(TRUNCATE_3.apply("😀".repeat(200))).isEqualTo(new Truncated("😀".repeat(99) + "…",
				new Measure(Encoding.UCS_2, 400, 7), new Measure(Encoding.UCS_2, 199, 3)));
	}

	@Test
	void anEmojiSequenceIsKeptWholeOrLeftOut() {
		// 8 families are 64 code units; a 9th man and woman would still fit 70 but would show as strangers.
		assertThat(TRUNCATE_1.apply(FAMILY.repeat(40))).isEqualTo(new Truncated(FAMILY.repeat(8) + "…",
				new Measure(Encoding.UCS_2, 320, 5), new Measure(Encoding.UCS_2, 65, 1)));
	}

	@Test
	void aCombiningAccentStaysWithItsLetter() {
		assertThat(TRUNCATE_1.apply("e\u0301".repeat(100)))
			.isInstanceOfSatisfying(Truncated.class,
					(truncated) -> assertThat(truncated.text()).isEqualTo("e\u0301".repeat(34) + "…"));
	}

	@Test
	void aUcs2TextStaysUcs2WhenItsUcs2CharactersAreKept() {
		assertThat(TRUNCATE_3.apply("😀" + "a".repeat(500))).isEqualTo(new Truncated("😀" + "a".repeat(198) + "…",
				new Measure(Encoding.UCS_2, 502, 8), new Measure(Encoding.UCS_2, 201, 3)));
		assertThat(TRUNCATE_3.apply("a".repeat(100) + "😀" + "a".repeat(500)))
			.isInstanceOfSatisfying(Truncated.class, (truncated) -> assertThat(truncated.text())
				.isEqualTo("a".repeat(100) + "😀" + "a".repeat(98) + "…"));
	}

	@Test
	void aUcs2TextBecomesGsm7WhenTheCutLeavesOutEveryUcs2CharacterAndKeepsMore() {
		assertThat(TRUNCATE_3.apply("a".repeat(500) + "😀")).isEqualTo(new Truncated("a".repeat(456) + "...",
				new Measure(Encoding.UCS_2, 502, 8), new Measure(Encoding.GSM_7, 459, 3)));
	}

	@Test
	void cutGsm7TextsStayGsm7AndFitWhateverTheirCharacters() {
		Random random = new Random(20260302);
		String alphabet = "abc XYZ 019 .,!?@£$€{}[]~|^\\\fÄÖÜäöüßΩ";
		for (int i = 0; i < 500; i++) {
			String text = randomText(random, alphabet, 200 + random.nextInt(1200));
			int maxSegments = 1 + random.nextInt(5);
			Result result = new SmsPolicy(maxSegments, Overflow.TRUNCATE).apply(text);
			if (result instanceof Truncated truncated) {
				assertThat(truncated.measure().encoding()).as(text).isEqualTo(Encoding.GSM_7);
				assertThat(truncated.measure().segments()).as(text).isLessThanOrEqualTo(maxSegments);
				assertThat(truncated.measure()).isEqualTo(SmsText.measure(truncated.text()));
				assertThat(truncated.text()).endsWith("...");
				assertThat(text).startsWith(truncated.text().substring(0, truncated.text().length() - 3));
				assertThat(truncated.original()).isEqualTo(SmsText.measure(text));
			}
			else {
				assertThat(result).isInstanceOf(Fits.class);
			}
		}
	}

	@Test
	void cutUcs2TextsFitWhateverTheirCharacters() {
		Random random = new Random(7);
		String alphabet = "ab 가나다 €{ 😀👍🏽" + FAMILY + "e\u0301.";
		for (int i = 0; i < 500; i++) {
			String text = randomText(random, alphabet, 100 + random.nextInt(600));
			int maxSegments = 1 + random.nextInt(5);
			Result result = new SmsPolicy(maxSegments, Overflow.TRUNCATE).apply(text);
			if (result instanceof Truncated truncated) {
				assertThat(truncated.measure().segments()).as(text).isLessThanOrEqualTo(maxSegments);
				assertThat(truncated.measure()).isEqualTo(SmsText.measure(truncated.text()));
				String ellipsis = (truncated.measure().encoding() == Encoding.GSM_7) ? "..." : "…";
				assertThat(truncated.text()).endsWith(ellipsis);
				String kept = truncated.text().substring(0, truncated.text().length() - ellipsis.length());
				assertThat(text).startsWith(kept);
				assertThat(kept.codePoints().noneMatch((c) -> Character.getType(c) == Character.SURROGATE)).as(kept)
					.isTrue();
			}
		}
	}

	/** Random picks from {@code alphabet}'s code points, so surrogate pairs stay whole. */
	private static String randomText(Random random, String alphabet, int length) {
		int[] codePoints = alphabet.codePoints().toArray();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
		}
		return text.toString();
	}

}
