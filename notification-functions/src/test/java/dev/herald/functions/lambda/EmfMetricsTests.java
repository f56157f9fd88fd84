package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmfMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<String> lines = new ArrayList<>();

	private final EmfMetrics metrics = new EmfMetrics(this.registry, this.lines::add,
			Clock.fixed(Instant.ofEpochMilli(1767225600000L), ZoneOffset.UTC));

	@Test
	void deliveriesAreWrittenPerChannelAndProviderInEmbeddedMetricFormat() {
		attempts("email", "smtp", "delivered", 3);
		attempts("email", "smtp", "retry_later", 1);
		attempts("email", "smtp", "rejected", 1);

		this.metrics.flush();

		assertThat(this.lines).containsExactly("{\"_aws\":{\"Timestamp\":1767225600000,\"CloudWatchMetrics\":[{"
				+ "\"Namespace\":\"Herald\",\"Dimensions\":[[\"Channel\",\"Provider\"]],\"Metrics\":["
				+ "{\"Name\":\"DeliveriesSent\",\"Unit\":\"Count\"},{\"Name\":\"DeliveriesFailed\",\"Unit\":\"Count\"},"
				+ "{\"Name\":\"DeliveriesThrottled\",\"Unit\":\"Count\"}]}]},"
				+ "\"Channel\":\"email\",\"Provider\":\"smtp\",\"DeliveriesSent\":3,\"DeliveriesFailed\":2,"
				+ "\"DeliveriesThrottled\":0}");
	}

	@Test
	void eventsAreWrittenPerWayOfArrival() {
		this.registry.counter("herald.events.ingested", "outcome", "accepted", "via", "sns").increment(2);
		this.registry.counter("herald.events.ingested", "outcome", "rejected", "via", "sns").increment();

		this.metrics.flush();

		assertThat(this.lines).containsExactly("{\"_aws\":{\"Timestamp\":1767225600000,\"CloudWatchMetrics\":[{"
				+ "\"Namespace\":\"Herald\",\"Dimensions\":[[\"Via\"]],\"Metrics\":["
				+ "{\"Name\":\"EventsAccepted\",\"Unit\":\"Count\"},{\"Name\":\"EventsDuplicate\",\"Unit\":\"Count\"},"
				+ "{\"Name\":\"EventsRejected\",\"Unit\":\"Count\"}]}]},"
				+ "\"Via\":\"sns\",\"EventsAccepted\":2,\"EventsDuplicate\":0,\"EventsRejected\":1}");
	}

	@Test
	void eachFlushCarriesOnlyWhatWasCountedSinceTheLastAndNothingWhenNothingWas() {
		attempts("sms", "twilio", "delivered", 2);
		this.metrics.flush();
		this.metrics.flush();
		attempts("sms", "twilio", "delivered", 1);
		attempts("sms", "sns-sms", "delivered", 1);

		this.metrics.flush();

		assertThat(this.lines).hasSize(3);
		assertThat(this.lines.get(0)).contains("\"Provider\":\"twilio\",\"DeliveriesSent\":2");
		assertThat(this.lines.get(1)).contains("\"Provider\":\"sns-sms\",\"DeliveriesSent\":1");
		assertThat(this.lines.get(2)).contains("\"Provider\":\"twilio\",\"DeliveriesSent\":1");
	}

	@Test
	void requeuedDeliveriesAreWrittenPerSourceWithWhatTheReplayLeftAndDeleted() {
		this.registry.counter("herald.deliveries.requeued", "source", "dead-letters", "outcome", "requeued").increment(3);
		this.registry.counter("herald.deliveries.requeued", "source", "dead-letters", "outcome", "poison").increment();
		this.registry.counter("herald.deliveries.requeued", "source", "sweep", "outcome", "requeued").increment(2);

		this.metrics.flush();

		assertThat(this.lines).containsExactly("{\"_aws\":{\"Timestamp\":1767225600000,\"CloudWatchMetrics\":[{"
				+ "\"Namespace\":\"Herald\",\"Dimensions\":[[\"Source\"]],\"Metrics\":["
				+ "{\"Name\":\"DeliveriesRequeued\",\"Unit\":\"Count\"},{\"Name\":\"DeadLettersSettled\",\"Unit\":\"Count\"},"
				+ "{\"Name\":\"DeadLettersPoison\",\"Unit\":\"Count\"}]}]},"
				+ "\"Source\":\"dead-letters\",\"DeliveriesRequeued\":3,\"DeadLettersSettled\":0,\"DeadLettersPoison\":1}",
				"{\"_aws\":{\"Timestamp\":1767225600000,\"CloudWatchMetrics\":[{"
						+ "\"Namespace\":\"Herald\",\"Dimensions\":[[\"Source\"]],\"Metrics\":["
						+ "{\"Name\":\"DeliveriesRequeued\",\"Unit\":\"Count\"}]}]},"
						+ "\"Source\":\"sweep\",\"DeliveriesRequeued\":2}");
	}

	@Test
	void providerStatusEventsAreWrittenPerProviderAndStatusMatchedOrNot() {
		this.registry.counter("herald.deliveries.status", "provider", "ses", "outcome", "bounced", "matched", "true")
			.increment(2);
		this.registry.counter("herald.deliveries.status", "provider", "ses", "outcome", "bounced", "matched", "false")
			.increment();
		this.registry.counter("herald.deliveries.status.unread", "provider", "ses", "outcome", "invalid").increment();

		this.metrics.flush();

		assertThat(this.lines).containsExactly(
				"{\"_aws\":{\"Timestamp\":1767225600000,\"CloudWatchMetrics\":[{"
						+ "\"Namespace\":\"Herald\",\"Dimensions\":[[\"Provider\",\"Status\"]],\"Metrics\":["
						+ "{\"Name\":\"StatusEventsMatched\",\"Unit\":\"Count\"},"
						+ "{\"Name\":\"StatusEventsUnmatched\",\"Unit\":\"Count\"}]}]},"
						+ "\"Provider\":\"ses\",\"Status\":\"bounced\",\"StatusEventsMatched\":2,"
						+ "\"StatusEventsUnmatched\":1}",
				"{\"_aws\":{\"Timestamp\":1767225600000,\"CloudWatchMetrics\":[{"
						+ "\"Namespace\":\"Herald\",\"Dimensions\":[[\"Provider\"]],\"Metrics\":["
						+ "{\"Name\":\"StatusEventsInvalid\",\"Unit\":\"Count\"},"
						+ "{\"Name\":\"StatusEventsIgnored\",\"Unit\":\"Count\"}]}]},"
						+ "\"Provider\":\"ses\",\"StatusEventsInvalid\":1,\"StatusEventsIgnored\":0}");
	}

	@Test
	void webhookTriesAreWrittenWithoutDimensions() {
		this.registry.counter("herald.webhooks.attempts", "outcome", "delivered").increment(4);
		this.registry.counter("herald.webhooks.attempts", "outcome", "failed").increment();

		this.metrics.flush();

		assertThat(this.lines).containsExactly("{\"_aws\":{\"Timestamp\":1767225600000,\"CloudWatchMetrics\":[{"
				+ "\"Namespace\":\"Herald\",\"Dimensions\":[[]],\"Metrics\":["
				+ "{\"Name\":\"WebhooksSent\",\"Unit\":\"Count\"},{\"Name\":\"WebhooksRetrying\",\"Unit\":\"Count\"},"
				+ "{\"Name\":\"WebhooksFailed\",\"Unit\":\"Count\"}]}]},"
				+ "\"WebhooksSent\":4,\"WebhooksRetrying\":0,\"WebhooksFailed\":1}");
	}

	@Test
	void otherMetersAreNotWritten() {
		this.registry.counter("herald.deliveries.completed", "channel", "email", "state", "delivered").increment();
		this.registry.timer("herald.deliveries.send", "channel", "email").record(java.time.Duration.ofMillis(5));

		this.metrics.flush();

		assertThat(this.lines).isEmpty();
	}

	private void attempts(String channel, String provider, String outcome, int count) {
		this.registry.counter("herald.deliveries.attempts", "channel", channel, "provider", provider, "outcome", outcome)
			.increment(count);
	}

}
