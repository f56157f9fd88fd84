package dev.herald.db.suppression;

import java.util.Locale;

/**
 * One spelling per address, so a suppression matches however the shop or the provider wrote it: an email's domain is
 * case-insensitive (its local part, strictly, is not), and a phone number is compared in E.164.
 */
public final class Addresses {

	private Addresses() {
	}

	/**
	 * The address as suppressions store it: for {@code email} trimmed, any display name or angle brackets dropped and
	 * the domain lower-cased; for {@code sms} the digits with a leading {@code +} ({@code 00} read as {@code +}), spaces,
	 * dots, dashes and brackets dropped.
	 */
	public static String normalize(String channel, String address) {
		if (address == null) {
			return null;
		}
		String value = address.strip();
		return switch (channel) {
			case "email" -> email(value);
			case "sms" -> phone(value);
			default -> value;
		};
	}

	/** The channel an address belongs to: {@code email} when it has an {@code @}, else {@code sms}. */
	public static String channelOf(String address) {
		return (address != null && address.contains("@")) ? "email" : "sms";
	}

	private static String email(String value) {
		int open = value.lastIndexOf('<');
		int close = value.lastIndexOf('>');
		if (open >= 0 && close > open) {
			value = value.substring(open + 1, close).strip();
		}
		int at = value.lastIndexOf('@');
		if (at < 0) {
			return value;
		}
		return value.substring(0, at) + "@" + value.substring(at + 1).toLowerCase(Locale.ROOT);
	}

	private static String phone(String value) {
		String compact = value.replaceAll("[\\s.()\\-]", "");
		if (compact.startsWith("00")) {
			compact = "+" + compact.substring(2);
		}
		return compact;
	}

}
