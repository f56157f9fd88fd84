package dev.herald.events.publisher;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The publisher's settings in a Spring Boot application ({@code herald.publisher.*}); nothing is set up unless
 * {@code transport} is.
 *
 * @param transport {@code http} (Herald's API) or {@code sns}
 * @param source the shop, e.g. {@code https://shop.example.com}: with it, an {@link EventBuilders} bean
 * @param http Herald's API, with {@code transport=http}
 * @param sns the topics, with {@code transport=sns}
 * @param retry how transient failures are retried
 */
@ConfigurationProperties("herald.publisher")
public record PublisherProperties(Transport transport, String source, @DefaultValue Http http, @DefaultValue Sns sns,
		@DefaultValue Retry retry) {

	/** How events travel to Herald. */
	public enum Transport {

		/** {@code POST /api/v1/events} with an API key. */
		HTTP,
		/** SNS topics Herald's ingest subscribes to. */
		SNS

	}

	/**
	 * Herald's API.
	 *
	 * @param url Herald's base URL, e.g. {@code https://herald.example.com}
	 * @param apiKey the tenant's API key
	 * @param timeout how long one try waits for an answer
	 * @param connectTimeout how long one try waits for the connection
	 */
	public record Http(URI url, String apiKey, @DefaultValue("10s") Duration timeout,
			@DefaultValue("5s") Duration connectTimeout) {

		@Override
		public String toString() {
			// Records print every component; the key must never reach a log line this way.
			return "Http[url=" + this.url + ", apiKey=" + ((this.apiKey != null) ? "(set)" : "(none)") + ", timeout="
					+ this.timeout + ", connectTimeout=" + this.connectTimeout + "]";
		}

	}

	/**
	 * The SNS topics.
	 *
	 * @param tenant the tenant's slug in Herald, sent as the {@code tenant} message attribute
	 * @param topicArn the one topic for every event, or for the families {@code topics} does not name
	 * @param topics a topic per family, overriding {@code topicArn}
	 * @param region the region of the {@code SnsClient} made when the application has none; else the environment's
	 * @param endpoint another SNS endpoint for that client, e.g. a local Herald server's SNS API
	 */
	public record Sns(String tenant, String topicArn, @DefaultValue Topics topics, String region, URI endpoint) {

		Map<EventFamily, String> topicArns() {
			Map<EventFamily, String> arns = new EnumMap<>(EventFamily.class);
			arns.put(EventFamily.ORDERS, (this.topics.orders() != null) ? this.topics.orders() : this.topicArn);
			arns.put(EventFamily.PAYMENTS, (this.topics.payments() != null) ? this.topics.payments() : this.topicArn);
			arns.put(EventFamily.SHIPPING, (this.topics.shipping() != null) ? this.topics.shipping() : this.topicArn);
			return arns;
		}

	}

	/** A topic per family of events. */
	public record Topics(String orders, String payments, String shipping) {
	}

	/**
	 * Retries of transient failures.
	 *
	 * @param maxAttempts tries in all, the first included
	 * @param initialBackoff the wait before the second try, doubling from there
	 * @param maxBackoff the longest wait, and the longest {@code Retry-After} honoured
	 */
	public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("30s") Duration maxBackoff) {

		RetryPolicy policy() {
			return new RetryPolicy(this.maxAttempts, this.initialBackoff, this.maxBackoff);
		}

	}

}
