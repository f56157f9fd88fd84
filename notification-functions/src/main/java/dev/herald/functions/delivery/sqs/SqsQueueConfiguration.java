package dev.herald.functions.delivery.sqs;

import java.time.Clock;

import dev.herald.functions.FunctionsProperties;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;

/** The SQS delivery queue, with {@code herald.functions.queue=sqs}; its client is created once, at start. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "herald.functions.queue", havingValue = "sqs")
class SqsQueueConfiguration {

	@Bean(destroyMethod = "close")
	SqsClient heraldSqsClient(FunctionsProperties properties) {
		FunctionsProperties.SqsSettings sqs = properties.sqs();
		// The URL-connection client: no Apache or Netty stack to load at a Lambda cold start.
		SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
		if (sqs.region() != null && !sqs.region().isBlank()) {
			builder.region(Region.of(sqs.region()));
		}
		if (sqs.endpoint() != null) {
			builder.endpointOverride(sqs.endpoint());
		}
		return builder.build();
	}

	@Bean
	SqsDeliveryQueue sqsDeliveryQueue(SqsClient heraldSqsClient, JdbcClient jdbc, FunctionsProperties properties) {
		Assert.hasText(properties.sqs().queueUrl(), "herald.functions.sqs.queue-url is required with herald.functions.queue=sqs");
		return new SqsDeliveryQueue(heraldSqsClient, properties.sqs().queueUrl(),
				new PostgresDeliveryQueue(jdbc, properties.lease()), properties.lease(), properties.sqs().waitTime(),
				Clock.systemUTC());
	}

}
