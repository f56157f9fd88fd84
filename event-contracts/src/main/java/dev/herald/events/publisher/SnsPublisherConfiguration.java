package dev.herald.events.publisher;

import java.util.Map;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code herald.publisher.transport=sns}: events published to SNS, with the application's {@link SnsClient} bean,
 * or one made from {@code herald.publisher.sns.region} and {@code .endpoint} when it has none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "software.amazon.awssdk.services.sns.SnsClient")
@ConditionalOnProperty(prefix = "herald.publisher", name = "transport", havingValue = "sns")
class SnsPublisherConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(SnsClient.class)
	SnsClient heraldSnsClient(PublisherProperties properties) {
		SnsClientBuilder builder = SnsClient.builder();
		if (properties.sns().region() != null) {
			builder.region(Region.of(properties.sns().region()));
		}
		if (properties.sns().endpoint() != null) {
			builder.endpointOverride(properties.sns().endpoint());
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean(EventPublisher.class)
	SnsEventPublisher heraldEventPublisher(PublisherProperties properties, ObjectProvider<SnsClient> clients) {
		SnsClient client = clients.getIfUnique();
		if (client == null) {
			throw new IllegalStateException("herald.publisher.transport=sns needs one SnsClient bean; "
					+ "the application has several and none is @Primary");
		}
		PublisherProperties.Sns sns = properties.sns();
		if (sns.tenant() == null || sns.tenant().isBlank()) {
			throw new IllegalStateException("herald.publisher.transport=sns needs herald.publisher.sns.tenant, "
					+ "the tenant's slug in Herald");
		}
		Map<EventFamily, String> topics = sns.topicArns();
		topics.forEach((family, arn) -> {
			if (arn == null) {
				String name = family.name().toLowerCase(java.util.Locale.ROOT);
				throw new IllegalStateException("herald.publisher.transport=sns needs a topic for " + name
						+ " events: herald.publisher.sns.topic-arn, or herald.publisher.sns.topics." + name);
			}
		});
		return new SnsEventPublisher(client, new SnsPublisherSettings(sns.tenant(), topics, properties.retry().policy()));
	}

}
