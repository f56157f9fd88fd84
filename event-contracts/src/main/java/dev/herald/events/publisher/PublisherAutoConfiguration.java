package dev.herald.events.publisher;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Sets up the publisher in a Spring Boot application once {@code herald.publisher.transport} is set: an
 * {@link EventPublisher} bean for the transport, and {@link EventBuilders} for {@code herald.publisher.source}.
 * After Spring Cloud AWS's SNS auto-configuration, so that an {@code SnsClient} it makes is the one used.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.sns.SnsAutoConfiguration")
@ConditionalOnProperty(prefix = "herald.publisher", name = "transport")
@EnableConfigurationProperties(PublisherProperties.class)
@Import({ HttpPublisherConfiguration.class, SnsPublisherConfiguration.class })
class PublisherAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "herald.publisher", name = "source")
	EventBuilders heraldEventBuilders(PublisherProperties properties) {
		return EventBuilders.from(properties.source());
	}

}
