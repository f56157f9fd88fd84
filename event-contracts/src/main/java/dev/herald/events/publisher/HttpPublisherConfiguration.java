package dev.herald.events.publisher;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code herald.publisher.transport=http}: events posted to Herald's API. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "herald.publisher", name = "transport", havingValue = "http")
class HttpPublisherConfiguration {

	@Bean
	@ConditionalOnMissingBean(EventPublisher.class)
	HttpEventPublisher heraldEventPublisher(PublisherProperties properties) {
		PublisherProperties.Http http = properties.http();
		if (http.url() == null || http.apiKey() == null || http.apiKey().isBlank()) {
			throw new IllegalStateException("herald.publisher.transport=http needs herald.publisher.http.url "
					+ "(Herald's base URL) and herald.publisher.http.api-key (the tenant's API key)");
		}
		return new HttpEventPublisher(new HttpPublisherSettings(http.url(), http.apiKey(), http.timeout(),
				http.connectTimeout(), properties.retry().policy()));
	}

}
