package dev.herald.channels.email;

import java.util.HexFormat;

/**
 * Keeps user-supplied text from ending a header line. Besides CR and LF, NUL, NEL (U+0085) and the Unicode line and
 * paragraph separators (U+2028, U+2029) are treated as line breaks by some parsers, so none of them may reach a
 * header.
 */
final class HeaderValues {

	private HeaderValues() {
	}

	static boolean isUnsafe(char c) {
		// isISOControl covers CR, LF, NUL and NEL along with the other C0/C1 controls, which have no place in a header.
		return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
	}

	static boolean containsUnsafe(String value) {
		return value.chars().anyMatch((c) -> isUnsafe((char) c));
	}

	/** A display name or subject with every unsafe character replaced by a space; {@code null} if nothing is left. */
	static String sanitize(String value) {
		if (value == null) {
			return null;
		}
		StringBuilder safe = new StringBuilder(value.length());
		value.chars().forEach((c) -> safe.append(isUnsafe((char) c) ? ' ' : (char) c));
		String result = safe.toString().strip();
		return result.isEmpty() ? null : result;
	}

	/** The value with unsafe characters spelled out, for quoting bad input in a reason or an exception message. */
	static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			if (c == '\r') {
				escaped.append("\\r");
			}
			else if (c == '\n') {
				escaped.append("\\n");
			}
			else if (isUnsafe(c)) {
				escaped.append("\\u").append(HexFormat.of().withUpperCase().toHexDigits(c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
