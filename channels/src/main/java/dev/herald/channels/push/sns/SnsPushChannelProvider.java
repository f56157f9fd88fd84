package dev.herald.channels.push.sns;

import java.util.Locale;
import java.util.Set;

import software.amazon.awssdk.services.sns.SnsClient;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.aws.AwsAccess;

/**
 * Mobile push through Amazon SNS, provider id {@value #ID}, for devices registered as SNS platform endpoints
 * ({@code PushTarget} platform {@code sns}, token = the endpoint ARN). Settings: {@value AwsAccess#REGION} (the
 * endpoints' region), optionally {@value #APNS_SANDBOX} ({@code true} for apps built against the APNs sandbox) and
 * {@value AwsAccess#ENDPOINT}. Secrets: {@value AwsAccess#ACCESS_KEY_ID} and {@value AwsAccess#SECRET_ACCESS_KEY}, or
 * neither for the default AWS credentials chain.
 */
public final class SnsPushChannelProvider implements ChannelProvider {

	public static final String ID = "sns-push";

	public static final String APNS_SANDBOX = "apnsSandbox";

	@Override
	public String id() {
		return ID;
	}

	@Override
	public ChannelType channel() {
		return ChannelType.PUSH;
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
		boolean sandbox = switch (settings.value(APNS_SANDBOX).orElse("false").strip().toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(
					"provider " + ID + ": the setting '" + APNS_SANDBOX + "' must be true or false");
		};
		AwsAccess access = AwsAccess.from(settings);
		return new SnsPushChannel(access.client(SnsClient.builder()), access, new PushPayloads(sandbox));
	}

}
