package dev.herald.console.outboundwebhooks;

import java.time.Clock;

import dev.herald.console.ServerProperties;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.functions.FunctionsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook sender, on unless {@code herald.server.webhooks.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.server.webhooks.enabled", matchIfMissing = true)
class OutboundWebhooksConfiguration {

	@Bean
	WebhookWorkers webhookWorkers(WebhookRepository webhooks, ServerProperties server, FunctionsProperties functions,
			ObjectProvider<MeterRegistry> meters) {
		ServerProperties.Webhooks settings = server.webhooks();
		WebhookSender sender = new WebhookSender(settings.connectTimeout(), settings.timeout(),
				settings.responseSnippetBytes(), functions.allowEndpointOverrides(), Clock.systemUTC());
		RetryPolicy policy = new RetryPolicy(settings.maxAttempts(), settings.initialBackoff(), settings.multiplier(),
				settings.maxBackoff(), settings.jitter());
		return new WebhookWorkers(webhooks, sender, policy, settings.batchSize(), settings.lease(),
				settings.idleDelay(), meters.getIfAvailable(SimpleMeterRegistry::new), Clock.systemUTC());
	}

}
