package dev.herald.events.publisher;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link HttpEventPublisher} posts events.
 *
 * @param url Herald's base URL, e.g. {@code https://herald.example.com}; events go to {@code api/v1/events} under it
 * @param apiKey the tenant's API key, sent as {@code Authorization: Bearer <apiKey>}
 * @param timeout how long one try waits for Herald's answer before it counts as failed and is retried
 * @param connectTimeout how long one try waits for the connection
 * @param retry how transient failures (5xx, 429, timeouts, connection failures) are retried
 */
public record HttpPublisherSettings(URI url, String apiKey, Duration timeout, Duration connectTimeout,
		RetryPolicy retry) {

	public HttpPublisherSettings {
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(apiKey, "apiKey");
		Objects.requireNonNull(timeout, "timeout");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(retry, "retry");
		if (!url.isAbsolute() || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
			throw new IllegalArgumentException("Herald's URL must be an absolute http(s) URL, not " + url);
		}
		if (apiKey.isBlank()) {
			throw new IllegalArgumentException("The API key must not be empty");
		}
	}

	/** Herald at {@code url} with {@code apiKey}, a 10 s timeout, 5 s to connect and {@link RetryPolicy#DEFAULT}. */
	public static HttpPublisherSettings of(String url, String apiKey) {
		return new HttpPublisherSettings(URI.create(url), apiKey, Duration.ofSeconds(10), Duration.ofSeconds(5),
				RetryPolicy.DEFAULT);
	}

	/** These settings with another retry policy. */
	public HttpPublisherSettings withRetry(RetryPolicy retry) {
		return new HttpPublisherSettings(this.url, this.apiKey, this.timeout, this.connectTimeout, retry);
	}

	/** These settings with another timeout per try. */
	public HttpPublisherSettings withTimeout(Duration timeout) {
		return new HttpPublisherSettings(this.url, this.apiKey, timeout, this.connectTimeout, this.retry);
	}

	/** Where events are posted. */
	URI eventsUrl() {
		String base = this.url.toString();
		return URI.create(base.endsWith("/") ? base : base + "/").resolve("api/v1/events");
	}

	/** Never shows the API key, which would otherwise end up in logs. */
	@Override
	public String toString() {
		return "HttpPublisherSettings[url=" + this.url + ", apiKey=****, timeout=" + this.timeout + ", connectTimeout="
				+ this.connectTimeout + ", retry=" + this.retry + "]";
	}

}
