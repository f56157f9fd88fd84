package dev.herald.events.publisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.herald.events.CloudEvent;
import dev.herald.events.EventType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherAutoConfigurationTests {

	private static final String ORDERS = "arn:aws:sns:eu-west-1:123456789012:orders";

	private static final String EVERYTHING = "arn:aws:sns:eu-west-1:123456789012:shop-events";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PublisherAutoConfiguration.class));

	@Test
	void springBootFindsTheAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(PublisherAutoConfiguration.class.getName());
	}

	@Test
	void withoutATransportThereIsNoPublisherNorAnythingElse() {
		this.runner.withPropertyValues("herald.publisher.source=https://shop.example.com").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EventPublisher.class);
			assertThat(context).doesNotHaveBean(EventBuilders.class);
			assertThat(context).doesNotHaveBean(PublisherProperties.class);
			assertThat(context).doesNotHaveBean(SnsClient.class);
		});
	}

	@Test
	void theHttpTransportGivesAnHttpPublisherAndNoSnsClient() {
		this.runner
			.withPropertyValues("herald.publisher.transport=http", "herald.publisher.http.url=https://herald.example.com",
					"herald.publisher.http.api-key=hk_live_1", "herald.publisher.source=https://shop.example.com")
			.run((context) -> {
				assertThat(context).hasSingleBean(EventPublisher.class);
				assertThat(context.getBean(EventPublisher.class)).isInstanceOf(HttpEventPublisher.class);
				assertThat(context).doesNotHaveBean(SnsClient.class);
				assertThat(context.getBean(EventBuilders.class).source()).isEqualTo("https://shop.example.com");
				assertThat(context.getBean(PublisherProperties.class).toString()).doesNotContain("hk_live_1");
			});
	}

	@Test
	void theHttpTransportWorksWithoutTheAwsSdk() {
		this.runner.withClassLoader(new FilteredClassLoader(SnsClient.class))
			.withPropertyValues("herald.publisher.transport=http", "herald.publisher.http.url=https://herald.example.com",
					"herald.publisher.http.api-key=hk_live_1")
			.run((context) -> assertThat(context.getBean(EventPublisher.class)).isInstanceOf(HttpEventPublisher.class));
	}

	@Test
	void theHttpTransportWithoutUrlOrKeyFailsAtStartSayingWhatIsMissing() {
		this.runner.withPropertyValues("herald.publisher.transport=http").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("herald.publisher.http.url")
				.hasMessageContaining("herald.publisher.http.api-key");
		});
	}

	@Test
	void theSnsTransportPublishesThroughTheApplicationsSnsClient() {
		RecordingSnsClient client = new RecordingSnsClient();
		this.runner.withBean(SnsClient.class, () -> client)
			.withPropertyValues("herald.publisher.transport=sns", "herald.publisher.sns.tenant=dongne-market",
					"herald.publisher.sns.topic-arn=" + EVERYTHING, "herald.publisher.sns.topics.orders=" + ORDERS)
			.run((context) -> {
				assertThat(context).getBeans(SnsClient.class).hasSize(1);
				EventPublisher publisher = context.getBean(EventPublisher.class);
				assertThat(publisher).isInstanceOf(SnsEventPublisher.class);

				publisher.publish(event(EventType.ORDER_PLACED));
				publisher.publish(event(EventType.SHIPMENT_DELIVERED));

				assertThat(client.requests).extracting(PublishRequest::topicArn).containsExactly(ORDERS, EVERYTHING);
				assertThat(client.requests.getFirst().messageAttributes().get("tenant").stringValue())
					.isEqualTo("dongne-market");
			});
	}

	@Test
	void theSnsTransportMakesItsOwnSnsClientWhenTheApplicationHasNone() {
		this.runner
			.withPropertyValues("herald.publisher.transport=sns", "herald.publisher.sns.tenant=dongne-market",
					"herald.publisher.sns.topic-arn=" + EVERYTHING, "herald.publisher.sns.region=eu-west-1",
					"herald.publisher.sns.endpoint=http://127.0.0.1:8080/sns")
			.run((context) -> {
				assertThat(context).hasSingleBean(SnsClient.class);
				assertThat(context.getBean(SnsClient.class).serviceClientConfiguration().region().id())
					.isEqualTo("eu-west-1");
				assertThat(context.getBean(SnsClient.class).serviceClientConfiguration().endpointOverride())
					.hasValueSatisfying((endpoint) -> assertThat(endpoint).hasToString("http://127.0.0.1:8080/sns"));
				assertThat(context.getBean(EventPublisher.class)).isInstanceOf(SnsEventPublisher.class);
			});
	}

	@Test
	void theSnsTransportWithoutATopicForAFamilyFailsAtStartNamingIt() {
		this.runner.withBean(SnsClient.class, RecordingSnsClient::new)
			.withPropertyValues("herald.publisher.transport=sns", "herald.publisher.sns.tenant=dongne-market",
					"herald.publisher.sns.topics.orders=" + ORDERS, "herald.publisher.sns.topics.shipping=" + ORDERS)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("herald.publisher.sns.topics.payments");
			});
	}

	@Test
	void theSnsTransportWithoutATenantFailsAtStart() {
		this.runner.withBean(SnsClient.class, RecordingSnsClient::new)
			.withPropertyValues("herald.publisher.transport=sns", "herald.publisher.sns.topic-arn=" + EVERYTHING)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("herald.publisher.sns.tenant"));
	}

	@Test
	void theSnsTransportWithoutTheAwsSdkSetsUpNothing() {
		this.runner.withClassLoader(new FilteredClassLoader(SnsClient.class))
			.withPropertyValues("herald.publisher.transport=sns", "herald.publisher.sns.tenant=dongne-market",
					"herald.publisher.sns.topic-arn=" + EVERYTHING)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(EventPublisher.class);
			});
	}

	@Test
	void aPublisherOfTheApplicationsOwnIsKept() {
		EventPublisher own = new SnsEventPublisher(new RecordingSnsClient(),
				SnsPublisherSettings.oneTopic("dongne-market", EVERYTHING));
		this.runner.withBean(EventPublisher.class, () -> own)
			.withPropertyValues("herald.publisher.transport=http", "herald.publisher.http.url=https://herald.example.com",
					"herald.publisher.http.api-key=hk_live_1")
			.run((context) -> assertThat(context.getBean(EventPublisher.class)).isSameAs(own));
	}

	@Test
	void retrySettingsReachThePublisher() {
		this.runner
			.withPropertyValues("herald.publisher.transport=http", "herald.publisher.http.url=https://herald.example.com",
					"herald.publisher.http.api-key=hk_live_1", "herald.publisher.retry.max-attempts=2",
					"herald.publisher.retry.initial-backoff=1s", "herald.publisher.retry.max-backoff=4s")
			.run((context) -> assertThat(context.getBean(PublisherProperties.class).retry().policy())
				.isEqualTo(new RetryPolicy(2, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(4))));
	}

	private static CloudEvent event(EventType type) {
		return EventBuildersTests.Events.minimal(EventBuilders.from("https://shop.example.com"), type).build();
	}

	/** An application's SnsClient, keeping what it is asked to publish. */
	private static final class RecordingSnsClient implements SnsClient {

		final List<PublishRequest> requests = new CopyOnWriteArrayList<>();

		@Override
		public PublishResponse publish(PublishRequest request) {
			this.requests.add(request);
			return PublishResponse.builder().messageId("m-" + this.requests.size()).build();
		}

		@Override
		public String serviceName() {
			return "sns";
		}

		@Override
		public void close() {
		}

	}

}
