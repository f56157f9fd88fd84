package dev.herald.console.outboundwebhooks;

import java.time.Clock;

import dev.herald.console.ServerProperties;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.functions.FunctionsProperties;
import dev.herald.functions.webhooks.WebhookOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhook sender loop, on unless {@code herald.server.webhooks.enabled=false}; it sends as
 * {@code herald.functions.webhooks.*} says.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.server.webhooks.enabled", matchIfMissing = true)
class OutboundWebhooksConfiguration {

	@Bean
	WebhookWorkers webhookWorkers(WebhookRepository webhooks, ServerProperties server, FunctionsProperties functions,
			ObjectProvider<MeterRegistry> meters) {
		WebhookOutbox outbox = WebhookOutbox.of(functions.webhooks(), functions.allowEndpointOverrides(), webhooks,
				meters.getIfAvailable(SimpleMeterRegistry::new), Clock.systemUTC());
		return new WebhookWorkers(outbox, server.webhooks().idleDelay());
	}

}
