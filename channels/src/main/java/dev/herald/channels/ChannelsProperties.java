package dev.herald.channels;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of every channel, bound from {@code herald.channels.*}.
 *
 * @param email how email leaves Herald
 * @param publicBaseUrl where providers reach this Herald from the internet, e.g. {@code https://herald.example.com}
 * (behind a proxy: the URL the proxy is reached at); when set, Twilio is asked to report each message's status to
 * {@code {publicBaseUrl}/webhooks/twilio/{tenantId}} unless the tenant configured its own status callback URL
 */
@ConfigurationProperties(prefix = "herald.channels")
public record ChannelsProperties(@DefaultValue Email email, String publicBaseUrl) {

	/**
	 * Email settings: {@code herald.channels.email.*}.
	 *
	 * @param provider which email channel is active; {@code smtp} sends through the application's
	 * {@code JavaMailSender}
	 * @param from the sender address in {@code From}
	 * @param fromName the display name shown with {@code from}
	 * @param messageIdDomain the right-hand side of the Message-IDs Herald generates, ideally a domain you own
	 * @param replyTo where replies go, or {@code null} to let them go to {@code from}
	 */
	public record Email(@DefaultValue("smtp") String provider, @DefaultValue("herald@localhost") String from,
			@DefaultValue("Herald") String fromName, @DefaultValue("herald.local") String messageIdDomain,
			String replyTo) {
	}

}
