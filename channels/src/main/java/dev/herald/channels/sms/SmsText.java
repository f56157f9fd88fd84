package dev.herald.channels.sms;

import java.util.Objects;

/**
 * Measures SMS text the way the network does (3GPP TS 23.038 and 23.040): in GSM-7 septets when every character is in
 * the GSM default alphabet or its extension table, otherwise in UCS-2 (UTF-16) code units, and in how many parts
 * it travels.
 */
public final class SmsText {

	/** Characters a single-part GSM-7 message holds. */
	public static final int GSM_7_SINGLE = 160;

	/** Characters one part of a concatenated GSM-7 message holds: the concatenation header takes 7 septets. */
	public static final int GSM_7_PART = 153;

	/** Characters a single-part UCS-2 message holds. */
	public static final int UCS_2_SINGLE = 70;

	/** Characters one part of a concatenated UCS-2 message holds: the concatenation header takes 3 code units. */
	public static final int UCS_2_PART = 67;

	/** The GSM 7-bit default alphabet, one septet each (the escape code 0x1B is not a character). */
	private static final String GSM_7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
			+ "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

	/** The default alphabet's extension table: each character is sent as escape + code, two septets. */
	private static final String GSM_7_EXTENSION = "\f^{}\\[~]|€";

	private SmsText() {
	}

	/** How the network counts {@code text}. The empty text is 0 characters in 0 parts. */
	public static Measure measure(String text) {
		Objects.requireNonNull(text, "text");
		Encoding encoding = isGsm7(text) ? Encoding.GSM_7 : Encoding.UCS_2;
		int characters = 0;
		int segments = 0;
		int used = 0;
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			int cost = (encoding == Encoding.GSM_7) ? septets(codePoint) : Character.charCount(codePoint);
			characters += cost;
			// Parts are filled greedily; an escape pair or a surrogate pair that does not fit starts the next part.
			if (segments == 0 || used + cost > encoding.part) {
				segments++;
				used = cost;
			}
			else {
				used += cost;
			}
			i += Character.charCount(codePoint);
		}
		if (characters <= encoding.single) {
			segments = (characters > 0) ? 1 : 0;
		}
		return new Measure(encoding, characters, segments);
	}

	/** Whether every character of {@code text} is in the GSM 7-bit default alphabet or its extension table. */
	public static boolean isGsm7(String text) {
		return text.codePoints().allMatch((codePoint) -> septets(codePoint) > 0);
	}

	/** Septets a character takes in GSM-7: 1 for the default alphabet, 2 for the extension table, 0 if neither. */
	static int septets(int codePoint) {
		if (codePoint > Character.MAX_VALUE) {
			return 0;
		}
		if (GSM_7_BASIC.indexOf(codePoint) >= 0) {
			return 1;
		}
		return (GSM_7_EXTENSION.indexOf(codePoint) >= 0) ? 2 : 0;
	}

	/** How a text is carried: GSM 7-bit default alphabet, or UCS-2 for anything else. */
	public enum Encoding {

		GSM_7(GSM_7_SINGLE, GSM_7_PART), UCS_2(UCS_2_SINGLE, UCS_2_PART);

		private final int single;

		private final int part;

		Encoding(int single, int part) {
			this.single = single;
			this.part = part;
		}

		/** Characters one message holds when it is not split: 160 or 70. */
		public int singleSegmentCharacters() {
			return this.single;
		}

		/** Characters each part of a split message holds: 153 or 67. */
		public int partCharacters() {
			return this.part;
		}

	}

	/**
	 * A text as the network counts it.
	 *
	 * @param encoding how it is carried
	 * @param characters its length as the network counts it: GSM-7 septets (extension-table characters count 2) or
	 * UCS-2 code units (characters outside the Basic Multilingual Plane, such as most emoji, count 2)
	 * @param segments how many SMS parts it is sent as, and billed as; 0 for the empty text
	 */
	public record Measure(Encoding encoding, int characters, int segments) {

		public Measure {
			Objects.requireNonNull(encoding, "encoding");
		}

	}

}
