package dev.herald.channels.email.ses;

import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.sesv2.SesV2Client;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.aws.AwsAccess;
import dev.herald.channels.email.EmailSettings;

/**
 * Amazon SES (API v2), provider id {@value #ID}. Settings: {@value AwsAccess#REGION} and {@value #FROM} (a verified
 * identity), optionally {@value #FROM_NAME}, {@value #REPLY_TO}, {@value #MESSAGE_ID_DOMAIN} (default: the domain of
 * {@code from}), {@value #CONFIGURATION_SET} and {@value AwsAccess#ENDPOINT}. Secrets: {@value AwsAccess#ACCESS_KEY_ID}
 * and {@value AwsAccess#SECRET_ACCESS_KEY}, or neither for the default AWS credentials chain.
 */
public final class SesChannelProvider implements ChannelProvider {

	public static final String ID = "ses";

	public static final String FROM = "from";

	public static final String FROM_NAME = "fromName";

	public static final String REPLY_TO = "replyTo";

	public static final String MESSAGE_ID_DOMAIN = "messageIdDomain";

	public static final String CONFIGURATION_SET = "configurationSet";

	// SES's rule for configuration set names.
	private static final Pattern CONFIGURATION_SET_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	@Override
	public String id() {
		return ID;
	}

	@Override
	public ChannelType channel() {
		return ChannelType.EMAIL;
	}

	@Override
	public Set<String> requiredSettings() {
		return Set.of(AwsAccess.REGION, FROM);
	}

	@Override
	public Set<String> requiredSecrets() {
		// The keys are optional: without them the default AWS credentials chain applies.
		return Set.of();
	}

	@Override
	public Channel create(ProviderSettings settings) {
		EmailSettings email = emailSettings(settings);
		String configurationSet = settings.value(CONFIGURATION_SET).orElse(null);
		if (configurationSet != null && !CONFIGURATION_SET_NAME.matcher(configurationSet).matches()) {
			throw new IllegalArgumentException("provider " + ID + ": the setting '" + CONFIGURATION_SET
					+ "' must be an SES configuration set name (up to 64 letters, digits, '_' and '-')");
		}
		AwsAccess access = AwsAccess.from(settings);
		return new SesEmailChannel(access.client(SesV2Client.builder()), access, email, configurationSet);
	}

	private static EmailSettings emailSettings(ProviderSettings settings) {
		String from = settings.required(FROM);
		String domain = settings.value(MESSAGE_ID_DOMAIN)
			.orElseGet(() -> from.substring(from.lastIndexOf('@') + 1).strip());
		try {
			return new EmailSettings(from, settings.value(FROM_NAME).orElse(null), domain,
					settings.value(REPLY_TO).orElse(null));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new IllegalArgumentException("provider " + ID + ": " + ex.getMessage(), ex);
		}
	}

}
