package dev.herald.functions;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.device.DeviceRepository;
import dev.herald.db.event.EventRepository;
import dev.herald.db.event.RejectedEventRepository;
import dev.herald.db.provider.ProviderConfigRepository;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.status.StatusEventRepository;
import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.subscription.SubscriptionRepository;
import dev.herald.db.template.TemplateRepository;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.events.EventValidator;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.DeliverFunction;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.DeliveryQueue;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.delivery.routing.TenantChannels;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.rendering.RenderLimits;
import dev.herald.functions.rendering.TemplateRenderer;
import dev.herald.functions.status.ProviderStatusManagement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the {@code ingest} and {@code deliver} functions and the repositories they use over one DataSource. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FunctionsProperties.class)
class FunctionsConfiguration {

	@Bean
	TenantRepository tenantRepository(JdbcClient jdbc) {
		return new TenantRepository(jdbc);
	}

	@Bean
	EventRepository eventRepository(JdbcClient jdbc) {
		return new EventRepository(jdbc);
	}

	@Bean
	RejectedEventRepository rejectedEventRepository(JdbcClient jdbc) {
		return new RejectedEventRepository(jdbc);
	}

	@Bean
	SubscriptionRepository subscriptionRepository(JdbcClient jdbc) {
		return new SubscriptionRepository(jdbc);
	}

	@Bean
	TemplateRepository templateRepository(JdbcClient jdbc) {
		return new TemplateRepository(jdbc);
	}

	@Bean
	DeliveryRepository deliveryRepository(JdbcClient jdbc, DataSource dataSource) {
		return new DeliveryRepository(jdbc, new JdbcTemplate(dataSource));
	}

	@Bean
	@ConditionalOnProperty(name = "herald.functions.queue", havingValue = "postgres", matchIfMissing = true)
	DeliveryQueue postgresDeliveryQueue(JdbcClient jdbc, FunctionsProperties properties) {
		return new PostgresDeliveryQueue(jdbc, properties.lease());
	}

	@Bean
	EventValidator eventValidator() {
		return new EventValidator();
	}

	@Bean
	TemplateRenderer templateRenderer(FunctionsProperties properties) {
		FunctionsProperties.RenderSettings render = properties.render();
		return new TemplateRenderer(new RenderLimits(render.maxTemplateBytes(), render.maxTime().toMillis(),
				render.maxOutputChars(), render.maxIterations()));
	}

	@Bean
	IngestFunction ingest(EventValidator validator, TenantRepository tenants, EventRepository events,
			RejectedEventRepository rejected, SubscriptionRepository subscriptions, DeliveryRepository deliveries,
			DeviceRepository devices, SuppressionRepository suppressions, WebhookRepository webhooks,
			DeliveryQueue queue, PlatformTransactionManager transactionManager, ObjectProvider<MeterRegistry> meters) {
		return new IngestFunction(validator, tenants, events, rejected, subscriptions, deliveries, devices,
				suppressions, webhooks, queue, new TransactionTemplate(transactionManager),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	StatusEventRepository statusEventRepository(JdbcClient jdbc) {
		return new StatusEventRepository(jdbc);
	}

	@Bean
	SuppressionRepository suppressionRepository(JdbcClient jdbc) {
		return new SuppressionRepository(jdbc);
	}

	/** Writing the outbox needs no key; only the server's webhook workers open the endpoints' secrets. */
	@Bean
	WebhookRepository webhookRepository(JdbcClient jdbc, ObjectProvider<SecretBox> secrets) {
		return new WebhookRepository(jdbc, secrets.getIfAvailable(SecretBox::withoutKey));
	}

	@Bean
	ProviderStatusManagement providerStatusManagement(StatusEventRepository statusEvents,
			SuppressionRepository suppressions, WebhookRepository webhooks,
			PlatformTransactionManager transactionManager, ObjectProvider<MeterRegistry> meters) {
		return new ProviderStatusManagement(statusEvents, suppressions, webhooks,
				new TransactionTemplate(transactionManager), meters.getIfAvailable(SimpleMeterRegistry::new),
				Clock.systemUTC());
	}

	@Bean
	DeviceRepository deviceRepository(JdbcClient jdbc) {
		return new DeviceRepository(jdbc);
	}

	/** Present when a key is configured; the local server makes its own otherwise. */
	@Bean
	@ConditionalOnProperty("herald.functions.secrets-key")
	SecretBox secretBox(FunctionsProperties properties) {
		return SecretBox.ofBase64Key(properties.secretsKey());
	}

	/**
	 * Without a key (a Lambda maintenance function is not given one: it never opens providers' credentials) the
	 * repository still lists configurations, and a provider whose secrets would have to be opened shows as
	 * misconfigured on the deliveries it holds up.
	 */
	@Bean
	ProviderConfigRepository providerConfigRepository(JdbcClient jdbc, ObjectProvider<SecretBox> secrets) {
		return new ProviderConfigRepository(jdbc, secrets.getIfAvailable(SecretBox::withoutKey));
	}

	@Bean
	TenantChannels tenantChannels(ProviderConfigRepository configs, List<ChannelProvider> providers,
			List<Channel> defaults, FunctionsProperties properties) {
		FunctionsProperties.BreakerSettings breaker = properties.breaker();
		return new TenantChannels(configs, providers, defaults, new TenantChannels.BreakerSettings(
				breaker.failureThreshold(), breaker.openFor(), breaker.maxOpenFor()),
				properties.allowEndpointOverrides(), properties.allowInstanceCredentials(), Clock.systemUTC());
	}

	@Bean(destroyMethod = "close")
	DeliveryProcessor deliveryProcessor(TenantRepository tenants, EventRepository events,
			TemplateRepository templates, DeliveryRepository deliveries, DeviceRepository devices,
			TemplateRenderer renderer, TenantChannels channels, DeliveryQueue queue,
			ProviderStatusManagement providerStatus, FunctionsProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		FunctionsProperties.BackoffSettings backoff = properties.backoff();
		return new DeliveryProcessor(tenants, events, templates, deliveries, devices, renderer, channels, queue,
				providerStatus,
				properties.concurrency(),
				new Backoff(backoff.initial(), backoff.multiplier(), backoff.max(), backoff.jitter()),
				meters.getIfAvailable(SimpleMeterRegistry::new), Clock.systemUTC());
	}

	@Bean
	DeliverFunction deliver(DeliveryQueue queue, DeliveryProcessor processor, FunctionsProperties properties) {
		return new DeliverFunction(queue, processor, properties.batchSize());
	}

}
