package dev.herald.channels.sms;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.herald.channels.sms.SmsText.Encoding;
import dev.herald.channels.sms.SmsText.Measure;

/**
 * How long a tenant lets one SMS be: every part is billed as one message, so a runaway template can cost many times
 * what the tenant expects.
 *
 * @param maxSegments the most SMS parts one message may take, from 1 to 255 (what concatenation can number)
 * @param overflow what happens to a longer text
 */
public record SmsPolicy(int maxSegments, Overflow overflow) {

	/** At most 3 parts; longer texts are refused. */
	public static final SmsPolicy DEFAULT = new SmsPolicy(3, Overflow.REFUSE);

	/** The most parts a concatenated SMS can have: its header numbers them in one octet. */
	public static final int MAX_SEGMENTS = 255;

	private static final String GSM_7_ELLIPSIS = "...";

	private static final String UCS_2_ELLIPSIS = "…";

	public SmsPolicy {
		if (maxSegments < 1 || maxSegments > MAX_SEGMENTS) {
			throw new IllegalArgumentException(
					"maxSegments must be between 1 and " + MAX_SEGMENTS + ", not " + maxSegments);
		}
		Objects.requireNonNull(overflow, "overflow");
	}

	/** The default policy with another limit. */
	public SmsPolicy(int maxSegments) {
		this(maxSegments, DEFAULT.overflow);
	}

	/** What this policy makes of {@code text}. */
	public Result apply(String text) {
		Measure measure = SmsText.measure(text);
		if (measure.segments() <= this.maxSegments) {
			return new Result.Fits(text, measure);
		}
		if (this.overflow == Overflow.REFUSE) {
			return new Result.Refused(
					"needs " + measure.segments() + " SMS parts; at most " + this.maxSegments + " allowed");
		}
		String truncated = truncate(text, measure.encoding());
		return new Result.Truncated(truncated, measure, SmsText.measure(truncated));
	}

	/**
	 * The longest start of {@code text}, cut between user-perceived characters and followed by an ellipsis, that fits.
	 * A GSM-7 text ends with "..." since "…" is not GSM-7 and would turn the whole message into UCS-2, less than half
	 * as long per part. A UCS-2 text ends with "…", unless every character needing UCS-2 lies beyond the cut: then
	 * the GSM-7 cut is taken when it keeps more of the text.
	 */
	private String truncate(String text, Encoding encoding) {
		List<Integer> cuts = cuts(text);
		if (encoding == Encoding.GSM_7) {
			return longestFitting(text, cuts, GSM_7_ELLIPSIS);
		}
		String ucs2 = longestFitting(text, cuts, UCS_2_ELLIPSIS);
		List<Integer> gsm7Cuts = cuts.subList(0, firstCutPastGsm7Start(text, cuts));
		String gsm7 = longestFitting(text, gsm7Cuts, GSM_7_ELLIPSIS);
		boolean gsm7KeepsMore = gsm7.length() - GSM_7_ELLIPSIS.length() > ucs2.length() - UCS_2_ELLIPSIS.length();
		return gsm7KeepsMore ? gsm7 : ucs2;
	}

	/** Binary search: parts only grow as the kept start grows. */
	private String longestFitting(String text, List<Integer> cuts, String ellipsis) {
		String best = ellipsis;
		int low = 0;
		int high = cuts.size() - 1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			String candidate = text.substring(0, cuts.get(middle)).stripTrailing() + ellipsis;
			if (SmsText.measure(candidate).segments() <= this.maxSegments) {
				best = candidate;
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		return best;
	}

	/** Grapheme boundaries, so no surrogate pair, emoji sequence or combining accent is split. */
	private static List<Integer> cuts(String text) {
		BreakIterator characters = BreakIterator.getCharacterInstance();
		characters.setText(text);
		List<Integer> cuts = new ArrayList<>();
		for (int boundary = characters.first(); boundary != BreakIterator.DONE; boundary = characters.next()) {
			cuts.add(boundary);
		}
		return cuts;
	}

	/** How many of {@code cuts} fall within the longest GSM-7 start of {@code text}. */
	private static int firstCutPastGsm7Start(String text, List<Integer> cuts) {
		int gsm7Length = 0;
		while (gsm7Length < text.length() && SmsText.septets(text.codePointAt(gsm7Length)) > 0) {
			gsm7Length += Character.charCount(text.codePointAt(gsm7Length));
		}
		int count = 0;
		while (count < cuts.size() && cuts.get(count) <= gsm7Length) {
			count++;
		}
		return count;
	}

	/** What to do with a text longer than {@link #maxSegments()} parts. */
	public enum Overflow {

		/** Do not send it: the delivery fails with a reason naming the parts needed. */
		REFUSE,
		/** Send as much as fits, ending with an ellipsis. */
		TRUNCATE

	}

	/** What a policy makes of a text. */
	public sealed interface Result {

		/** The text fits as it is. */
		record Fits(String text, Measure measure) implements Result {
		}

		/**
		 * The text was cut to fit.
		 *
		 * @param text what to send instead, ending with an ellipsis
		 * @param original how the network counts the full text
		 * @param measure how the network counts {@code text}: same encoding, except a UCS-2 text becomes GSM-7 when
		 * everything needing UCS-2 was cut off
		 */
		record Truncated(String text, Measure original, Measure measure) implements Result {
		}

		/**
		 * The text is too long and the policy refuses to cut it.
		 *
		 * @param reason e.g. "needs 12 SMS parts; at most 3 allowed"
		 */
		record Refused(String reason) implements Result {
		}

	}

}
