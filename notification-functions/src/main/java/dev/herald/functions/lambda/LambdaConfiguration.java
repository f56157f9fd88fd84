package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.event.RejectedEventRepository;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.events.EventValidator;
import dev.herald.functions.FunctionsProperties;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.delivery.routing.TenantChannels;
import dev.herald.functions.delivery.sqs.SqsDeadLetterQueue;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.rendering.TemplateRenderer;
import dev.herald.functions.status.ProviderStatusManagement;
import dev.herald.functions.webhooks.WebhookOutbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The Lambda handlers and what surrounds them on Lambda: metrics in EMF, the request id in the logs, SnapStart
 * priming. Only where the Lambda adapter and event types are on the class path, so the server never loads these.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "org.springframework.cloud.function.adapter.aws.FunctionInvoker",
		"com.amazonaws.services.lambda.runtime.events.SQSEvent", "org.crac.Resource" })
class LambdaConfiguration {

	/** The functions' counters, read after each invocation by {@link EmfMetrics}. */
	@Bean
	SimpleMeterRegistry heraldMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	/** The adapter reads and writes events with Jackson; one mapper, without Boot's Jackson auto-configuration. */
	@Bean
	JsonMapper heraldJsonMapper() {
		return JsonMapper.builder().build();
	}

	@Bean
	ApiKeyRepository apiKeyRepository(JdbcClient jdbc) {
		return new ApiKeyRepository(jdbc);
	}

	@Bean
	SnsIngestFunction ingestSns(IngestFunction ingest, TenantRepository tenants) {
		return new SnsIngestFunction(ingest, tenants);
	}

	@Bean
	ProviderStatusSnsFunction providerStatusSns(ProviderStatusManagement providerStatus, TenantRepository tenants,
			FunctionsProperties properties, SimpleMeterRegistry heraldMeterRegistry) {
		return new ProviderStatusSnsFunction(providerStatus, tenants, properties.status().sesTopics(),
				heraldMeterRegistry);
	}

	@Bean
	@ConditionalOnProperty(name = "herald.functions.queue", havingValue = "sqs")
	SqsDeliverFunction deliverSqs(SqsDeliveryQueue queue, DeliveryProcessor processor,
			ObjectProvider<SecretBox> secrets, Environment environment) {
		// The maintenance functions may run without the sealing key; the delivery function opens providers'
		// credentials and must fail its INIT rather than hold every delivery up as "misconfigured".
		if ("deliverSqs".equals(environment.getProperty("spring.cloud.function.definition"))
				&& secrets.getIfAvailable() == null) {
			throw new IllegalStateException("deliverSqs opens providers' credentials: set HERALD_SECRETS_KEY_SECRET_ARN "
					+ "(or HERALD_SECRETS_KEY)");
		}
		return new SqsDeliverFunction(queue, processor);
	}

	@Bean
	@ConditionalOnProperty(name = "herald.functions.queue", havingValue = "sqs")
	ReplayDeadLettersFunction replayDeadLetters(SqsDeliveryQueue queue, SqsClient heraldSqsClient,
			FunctionsProperties properties, SimpleMeterRegistry heraldMeterRegistry) {
		String url = properties.sqs().deadLetterQueueUrl();
		// Only the replay Lambda is given the dead-letter queue; in the others this bean exists but is never invoked.
		SqsDeadLetterQueue deadLetters = (url != null && !url.isBlank()) ? new SqsDeadLetterQueue(heraldSqsClient, url)
				: null;
		return new ReplayDeadLettersFunction(queue, deadLetters, LambdaInvocations::remainingTime,
				ReplayDeadLettersFunction.DEFAULT_BUDGET, Duration.ofSeconds(1), heraldMeterRegistry,
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnProperty(name = "herald.functions.queue", havingValue = "sqs")
	RequeueStrandedFunction requeueStranded(SqsDeliveryQueue queue, JdbcClient jdbc, FunctionsProperties properties,
			SimpleMeterRegistry heraldMeterRegistry) {
		return new RequeueStrandedFunction(new PostgresDeliveryQueue(jdbc, properties.lease()), queue,
				properties.sweep().grace(), properties.sweep().max(), heraldMeterRegistry);
	}

	@Bean
	SendWebhooksFunction sendWebhooks(WebhookRepository webhooks, FunctionsProperties properties,
			SimpleMeterRegistry heraldMeterRegistry, ObjectProvider<SecretBox> secrets, Environment environment) {
		// Without the key no endpoint's secret opens and every message would fail for good: fail INIT instead.
		if ("sendWebhooks".equals(environment.getProperty("spring.cloud.function.definition"))
				&& secrets.getIfAvailable() == null) {
			throw new IllegalStateException("sendWebhooks opens endpoints' signing secrets: set "
					+ "HERALD_SECRETS_KEY_SECRET_ARN (or HERALD_SECRETS_KEY)");
		}
		WebhookOutbox outbox = WebhookOutbox.of(properties.webhooks(), properties.allowEndpointOverrides(), webhooks,
				heraldMeterRegistry, Clock.systemUTC());
		// A batch started this long before Lambda's end still finishes its sends and records them.
		Duration margin = properties.webhooks().longestSend().plusSeconds(5);
		return new SendWebhooksFunction(outbox, LambdaInvocations::remainingTime, SendWebhooksFunction.DEFAULT_BUDGET,
				margin, Clock.systemUTC());
	}

	@Bean
	HttpIngestFunction ingestHttp(IngestFunction ingest, ApiKeyRepository apiKeys,
			RejectedEventRepository rejectedEvents, FunctionsProperties properties) {
		return new HttpIngestFunction(ingest, apiKeys, rejectedEvents, properties.http().allowedOrigin(),
				properties.http().maxBodyBytes());
	}

	@Bean
	EmfMetrics emfMetrics(SimpleMeterRegistry heraldMeterRegistry) {
		// System.out looked up per line, not captured once: the runtime may replace it.
		return new EmfMetrics(heraldMeterRegistry, (line) -> System.out.println(line), Clock.systemUTC());
	}

	@Bean
	LambdaInvocations lambdaInvocations(EmfMetrics emfMetrics) {
		return new LambdaInvocations(emfMetrics);
	}

	@Bean
	InvocationPriming invocationPriming(FunctionCatalog catalog, org.springframework.cloud.function.json.JsonMapper json,
			Environment environment, ObjectProvider<SqsDeliveryQueue> queue, ObjectProvider<JavaMailSender> mail) {
		// The definition as Lambda's environment gives it (spring_cloud_function_definition).
		return new InvocationPriming(catalog, json, environment.getProperty("spring.cloud.function.definition"),
				Optional.ofNullable(queue.getIfAvailable()), Optional.ofNullable(mail.getIfAvailable()));
	}

	@Bean
	SnapStartPriming snapStartPriming(EventValidator validator, TemplateRenderer renderer, TenantRepository tenants,
			DataSource dataSource, DeliveryProcessor processor, TenantChannels channels,
			InvocationPriming invocationPriming) {
		SnapStartPriming priming = new SnapStartPriming(validator, renderer, tenants, dataSource, processor, channels,
				invocationPriming::prime);
		priming.register();
		return priming;
	}

}
