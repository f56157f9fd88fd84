package dev.herald.functions.lambda;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.EventType;
import dev.herald.events.EventValidator;
import dev.herald.events.SampleEvents;
import dev.herald.events.ValidationResult;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.routing.TenantChannels;
import dev.herald.functions.rendering.Escaping;
import dev.herald.functions.rendering.RenderOutcome;
import dev.herald.functions.rendering.TemplateModel;
import dev.herald.functions.rendering.TemplateRenderer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * SnapStart support through CRaC. Before the snapshot: prime the paths every invocation takes (validate a sample
 * event, render a sample template, serialize an answer, run a query, then invoke this environment's function with an
 * event that changes nothing: {@link InvocationPriming}), so their classes are loaded and their code warmed in the
 * snapshot, then close every database connection (a snapshot must not hold sockets). After each
 * restore: forget what is random or time-bound, since every clone of one snapshot would share it: the retry jitter's
 * seed, and the tenants' routers with their cached provider tokens, circuit breakers and rate buckets.
 *
 * <p>
 * Priming uses no tenant's data and sends nothing.
 */
class SnapStartPriming implements Resource {

	private static final Logger logger = LoggerFactory.getLogger(SnapStartPriming.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final EventValidator validator;

	private final TemplateRenderer renderer;

	private final TenantRepository tenants;

	private final DataSource dataSource;

	private final DeliveryProcessor processor;

	private final TenantChannels channels;

	private final Runnable invocations;

	/**
	 * @param invocations primes this environment's function through the adapter ({@link InvocationPriming}), run
	 * after the shared paths and before the connections are closed
	 */
	SnapStartPriming(EventValidator validator, TemplateRenderer renderer, TenantRepository tenants,
			DataSource dataSource, DeliveryProcessor processor, TenantChannels channels, Runnable invocations) {
		this.validator = validator;
		this.renderer = renderer;
		this.tenants = tenants;
		this.dataSource = dataSource;
		this.processor = processor;
		this.channels = channels;
		this.invocations = invocations;
	}

	/** Registers with CRaC; without a CRaC runtime (no SnapStart) nothing ever calls the hooks. */
	void register() {
		// CRaC keeps resources weakly: the bean holding this one keeps it alive.
		Core.getGlobalContext().register(this);
	}

	@Override
	public void beforeCheckpoint(Context<? extends Resource> context) {
		Instant started = Instant.now();
		prime();
		this.invocations.run();
		closeConnections();
		logger.info("Primed for the snapshot in {} ms", Duration.between(started, Instant.now()).toMillis());
	}

	@Override
	public void afterRestore(Context<? extends Resource> context) {
		this.processor.reseed();
		this.channels.clear();
		logger.info("Restored: jitter reseeded, tenants' routers forgotten");
	}

	void prime() {
		String event = SampleEvents.json(EventType.ORDER_PLACED);
		if (!(this.validator.validate(event) instanceof ValidationResult.Valid valid)) {
			throw new IllegalStateException("the sample event no longer validates");
		}
		Map<String, Object> model = TemplateModel.of(valid.event(),
				new TemplateModel.Recipient("Ana", "ana@example.com", "en"), "Herald");
		if (this.renderer.render("<p>Hello {{ customer.name }}</p>", model, Escaping.HTML) instanceof RenderOutcome.Failed failed) {
			throw new IllegalStateException("the sample template no longer renders: " + failed.reason());
		}
		JSON.writeValueAsString(new SQSBatchResponse(java.util.List.of(new SQSBatchResponse.BatchItemFailure("m"))));
		// A real query through the repositories: loads the driver's and the pool's classes and the row mappers.
		this.tenants.findBySlug("herald-snapstart-priming");
	}

	void closeConnections() {
		if (this.dataSource instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
			// With minimum-idle 0 the pool does not refill; idle connections close at once, busy ones on return.
			hikari.getHikariPoolMXBean().softEvictConnections();
			Instant deadline = Instant.now().plusSeconds(5);
			while (hikari.getHikariPoolMXBean().getTotalConnections() > 0 && Instant.now().isBefore(deadline)) {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
