package dev.herald.channels;

import java.util.Set;

/**
 * A kind of provider (SES, Twilio, FCM …) that makes {@link Channel}s from one tenant's settings and credentials.
 * Each is a bean; Herald finds the one a tenant's configuration names by its {@link #id()}.
 */
public interface ChannelProvider {

	/** The provider's id as tenants name it in their configuration, e.g. {@code twilio}. */
	String id();

	ChannelType channel();

	/** The settings keys it needs, plain and secret, so configuration can be checked before use. */
	Set<String> requiredSettings();

	Set<String> requiredSecrets();

	/**
	 * A channel sending with these settings. Called once per configuration change, not per message: create clients
	 * here, not in {@link Channel#send}.
	 * @throws IllegalArgumentException when a setting is missing or malformed, with a reason an admin understands
	 */
	Channel create(ProviderSettings settings);

}
