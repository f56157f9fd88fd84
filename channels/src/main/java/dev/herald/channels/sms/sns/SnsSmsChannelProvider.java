package dev.herald.channels.sms.sns;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.sns.SnsClient;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.aws.AwsAccess;

/**
 * SMS through Amazon SNS, provider id {@value #ID}. Settings: {@value AwsAccess#REGION}, optionally {@value #SMS_TYPE}
 * ({@code Transactional}, the default, or {@code Promotional}), {@value #SENDER_ID} (alphanumeric, where the
 * destination country allows one), {@value #ORIGINATION_NUMBER} (E.164) and {@value AwsAccess#ENDPOINT}. Secrets:
 * {@value AwsAccess#ACCESS_KEY_ID} and {@value AwsAccess#SECRET_ACCESS_KEY}, or neither for the default AWS
 * credentials chain.
 */
public final class SnsSmsChannelProvider implements ChannelProvider {

	public static final String ID = "sns-sms";

	public static final String SMS_TYPE = "smsType";

	public static final String SENDER_ID = "senderId";

	public static final String ORIGINATION_NUMBER = "originationNumber";

	// AWS's rule: up to 11 letters and digits, at least one of them a letter.
	private static final Pattern SENDER_ID_FORMAT = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9]{1,11}");

	static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

	@Override
	public String id() {
		return ID;
	}

	@Override
	public ChannelType channel() {
		return ChannelType.SMS;
	}

	@Override
	public Set<String> requiredSettings() {
		return AwsAccess.REQUIRED_SETTINGS;
	}

	@Override
	public Set<String> requiredSecrets() {
		// The keys are optional: without them the default AWS credentials chain applies.
		return Set.of();
	}

	@Override
	public Channel create(ProviderSettings settings) {
		SmsAttributes attributes = new SmsAttributes(smsType(settings),
				checked(settings, SENDER_ID, SENDER_ID_FORMAT, "1 to 11 letters and digits, at least one a letter"),
				checked(settings, ORIGINATION_NUMBER, E164, "a phone number in E.164 format, e.g. +14155550100"));
		AwsAccess access = AwsAccess.from(settings);
		return new SnsSmsChannel(access.client(SnsClient.builder()), access, attributes);
	}

	private static String smsType(ProviderSettings settings) {
		String type = settings.value(SMS_TYPE).orElse(SmsAttributes.TRANSACTIONAL);
		return switch (type.toLowerCase(Locale.ROOT)) {
			case "transactional" -> SmsAttributes.TRANSACTIONAL;
			case "promotional" -> SmsAttributes.PROMOTIONAL;
			default -> throw new IllegalArgumentException("provider " + ID + ": the setting '" + SMS_TYPE
					+ "' must be Transactional or Promotional");
		};
	}

	private static String checked(ProviderSettings settings, String key, Pattern format, String expected) {
		String value = settings.value(key).map(String::strip).orElse(null);
		if (value != null && !format.matcher(value).matches()) {
			throw new IllegalArgumentException("provider " + ID + ": the setting '" + key + "' must be " + expected);
		}
		return value;
	}

}
