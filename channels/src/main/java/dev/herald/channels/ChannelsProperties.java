package dev.herald.channels;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of every channel, bound from {@code herald.channels.*}.
 *
 * @param email how email leaves Herald
 */
@ConfigurationProperties(prefix = "herald.channels")
public record ChannelsProperties(@DefaultValue Email email) {

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
