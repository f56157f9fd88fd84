package dev.herald.functions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the functions module ({@code herald.functions.*}).
 *
 * @param batchSize deliveries claimed per {@code deliver} call
 * @param lease how long a claimed delivery stays with its worker; longer than any send can take
 * @param concurrency sends in flight at once per channel, e.g. {@code email: 32}
 * @param backoff retry delays
 * @param render limits on rendering tenants' templates
 * @param breaker when a failing provider's circuit opens, and for how long
 * @param secretsKey base64 of the 256-bit key that seals providers' credentials at rest
 * @param allowEndpointOverrides whether tenants may point providers at URLs of their choosing (off: SSRF risk)
 * @param allowInstanceCredentials whether tenants may send through AWS with the server's own credentials
 * @param queue how deliveries reach workers: {@code postgres} (the deliveries table) or {@code sqs}
 * @param sqs the SQS queue, with {@code queue=sqs}
 * @param http the HTTP ingestion function behind API Gateway
 * @param sweep the {@code requeueStranded} function, with {@code queue=sqs}
 * @param status the {@code providerStatusSns} function
 * @param webhooks sending the webhook outbox, by the server's loop or the {@code sendWebhooks} function
 */
@ConfigurationProperties("herald.functions")
public record FunctionsProperties(@DefaultValue("50") int batchSize, @DefaultValue("5m") Duration lease,
		@DefaultValue Map<String, Integer> concurrency, @DefaultValue BackoffSettings backoff,
		@DefaultValue RenderSettings render, @DefaultValue BreakerSettings breaker, String secretsKey,
		@DefaultValue("false") boolean allowEndpointOverrides, @DefaultValue("false") boolean allowInstanceCredentials,
		@DefaultValue("postgres") String queue, @DefaultValue SqsSettings sqs, @DefaultValue HttpSettings http,
		@DefaultValue SweepSettings sweep, @DefaultValue StatusSettings status,
		@DefaultValue WebhookSettings webhooks) {

	@Override
	public String toString() {
		// Records print every component; the key must never reach a log line this way.
		return "FunctionsProperties[batchSize=" + this.batchSize + ", lease=" + this.lease + ", concurrency="
				+ this.concurrency + ", backoff=" + this.backoff + ", render=" + this.render + ", breaker="
				+ this.breaker + ", secretsKey=" + ((this.secretsKey != null) ? "(set)" : "(none)")
				+ ", allowEndpointOverrides=" + this.allowEndpointOverrides + ", allowInstanceCredentials="
				+ this.allowInstanceCredentials + ", queue=" + this.queue + ", sqs=" + this.sqs + ", http=" + this.http
				+ ", sweep=" + this.sweep + ", status=" + this.status + ", webhooks=" + this.webhooks + "]";
	}

	/** A provider's circuit opens after {@code failureThreshold} transient failures in a row. */
	public record BreakerSettings(@DefaultValue("5") int failureThreshold, @DefaultValue("30s") Duration openFor,
			@DefaultValue("5m") Duration maxOpenFor) {
	}

	/** Exponential backoff with jitter between attempts. */
	public record BackoffSettings(@DefaultValue("30s") Duration initial, @DefaultValue("2.0") double multiplier,
			@DefaultValue("1h") Duration max, @DefaultValue("0.5") double jitter) {
	}

	/**
	 * The SQS delivery queue.
	 *
	 * @param queueUrl the queue's URL
	 * @param endpoint another SQS endpoint than AWS's, e.g. a local ElasticMQ; {@code null} for AWS
	 * @param region the queue's region; {@code null} to take it from the environment ({@code AWS_REGION})
	 * @param waitTime how long a polling worker waits for a message (long polling), at most 20 s
	 * @param deadLetterQueueUrl the queue's dead-letter queue, which {@code replayDeadLetters} reads
	 */
	public record SqsSettings(String queueUrl, java.net.URI endpoint, String region,
			@DefaultValue("20s") Duration waitTime, String deadLetterQueueUrl) {
	}

	/**
	 * Finding deliveries whose message was lost and queueing them again.
	 *
	 * @param grace how long past due a waiting delivery (or past its lease, a sending one) must be before it counts as
	 * stranded: long enough that a healthy queue has handed it out by then (SQS delays by at most 15 minutes)
	 * @param max deliveries queued again per run at most; the next run takes the rest
	 */
	public record SweepSettings(@DefaultValue("15m") Duration grace, @DefaultValue("1000") int max) {
	}

	/**
	 * Provider status events arriving on Lambda.
	 *
	 * @param sesTopics which tenant each SES event topic carries the events of, as {@code <SNS topic ARN>=<tenant
	 * slug>} (SES cannot name the tenant in the message; the deployment gives each tenant its own topic)
	 */
	public record StatusSettings(@DefaultValue List<String> sesTopics) {
	}

	/**
	 * The {@code ingestHttp} function's answers.
	 *
	 * @param allowedOrigin the CORS {@code Access-Control-Allow-Origin}; {@code *} suits bearer-key authentication
	 * @param maxBodyBytes larger bodies are refused with 413 and kept, truncated, as rejected events
	 */
	public record HttpSettings(@DefaultValue("*") String allowedOrigin, @DefaultValue("262144") int maxBodyBytes) {
	}

	/**
	 * Sending webhook messages, by the server's loop or the {@code sendWebhooks} function.
	 *
	 * @param batchSize messages claimed at once, sent in parallel on virtual threads
	 * @param lease how long a claimed message stays with its sender; longer than a try can take
	 * @param maxAttempts tries before a message is given up as failed (the defaults span about a day)
	 * @param initialBackoff the wait after the first failed try
	 * @param multiplier how much longer each next wait is
	 * @param maxBackoff the longest wait, and the most a {@code Retry-After} is honoured for
	 * @param jitter the fraction of each wait drawn at random, so failed messages do not come back all at once
	 * @param connectTimeout connecting to an endpoint
	 * @param timeout the whole request, answer included
	 * @param responseSnippetBytes how much of an endpoint's answer is read and kept in the delivery log
	 */
	public record WebhookSettings(@DefaultValue("20") int batchSize, @DefaultValue("2m") Duration lease,
			@DefaultValue("10") int maxAttempts, @DefaultValue("5s") Duration initialBackoff,
			@DefaultValue("4.0") double multiplier, @DefaultValue("6h") Duration maxBackoff,
			@DefaultValue("0.2") double jitter, @DefaultValue("5s") Duration connectTimeout,
			@DefaultValue("15s") Duration timeout, @DefaultValue("1024") int responseSnippetBytes) {

		public WebhookSettings {
			if (lease != null && connectTimeout != null && timeout != null
					&& lease.compareTo(connectTimeout.plus(timeout)) <= 0) {
				throw new IllegalArgumentException("herald.functions.webhooks.lease (" + lease
						+ ") must be longer than connect-timeout plus timeout, or a slow endpoint gets a message twice");
			}
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("herald.functions.webhooks.max-attempts must be at least 1");
			}
			if (batchSize < 1) {
				throw new IllegalArgumentException("herald.functions.webhooks.batch-size must be at least 1");
			}
		}

		/** How long one send can take at most: a run must stop starting batches this long before its end. */
		public Duration longestSend() {
			return this.connectTimeout.plus(this.timeout);
		}

	}

	/** Protection limits applied to every template render. */
	public record RenderSettings(@DefaultValue("65536") int maxTemplateBytes, @DefaultValue("2s") Duration maxTime,
			@DefaultValue("524288") int maxOutputChars, @DefaultValue("10000") int maxIterations) {
	}

}
