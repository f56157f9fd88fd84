package dev.herald.functions.lambda;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue;
import dev.herald.functions.delivery.postgres.PostgresDeliveryQueue.Stranded;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code requeueStranded} function, run on a schedule: the safety net for deliveries that are due but whose
 * message is gone — ingestion committed them and then could not publish (and the shop never sent the event again), or
 * their message sits in the dead-letter queue. It finds, across all tenants, deliveries due for longer than the grace
 * period (or whose lease ran out that long ago) and sends a message for each again, page by page, up to a cap per
 * run. A delivery that still has a message somewhere only gets a duplicate, which its claim makes harmless.
 */
public class RequeueStrandedFunction implements Supplier<RequeueReport> {

	static final int PAGE = 100;

	private static final int IDS_LOGGED = 10;

	private static final Logger logger = LoggerFactory.getLogger(RequeueStrandedFunction.class);

	private final PostgresDeliveryQueue rows;

	private final SqsDeliveryQueue queue;

	private final Duration grace;

	private final int max;

	private final MeterRegistry meters;

	/**
	 * @param grace how long past due a delivery must be to count as stranded
	 * @param max deliveries sent again per run at most
	 */
	public RequeueStrandedFunction(PostgresDeliveryQueue rows, SqsDeliveryQueue queue, Duration grace, int max,
			MeterRegistry meters) {
		this.rows = rows;
		this.queue = queue;
		this.grace = grace;
		this.max = max;
		this.meters = meters;
	}

	@Override
	public RequeueReport get() {
		Stranded after = Stranded.FIRST;
		int requeued = 0;
		boolean more = false;
		Instant oldest = null;
		List<UUID> sample = new ArrayList<>();
		try {
			while (true) {
				if (requeued >= this.max) {
					more = true;
					break;
				}
				int limit = Math.min(PAGE, this.max - requeued);
				List<Stranded> page = this.rows.stranded(this.grace, after, limit);
				if (page.isEmpty()) {
					break;
				}
				this.queue.requeue(page.stream().map(Stranded::delivery).toList());
				requeued += page.size();
				this.meters.counter("herald.deliveries.requeued", "source", "sweep", "outcome", "requeued")
					.increment(page.size());
				oldest = (oldest != null) ? oldest : page.getFirst().dueSince();
				page.stream()
					.limit(IDS_LOGGED - sample.size())
					.forEach((stranded) -> sample.add(stranded.delivery().deliveryId()));
				after = page.getLast();
				if (page.size() < limit) {
					break;
				}
			}
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.addKeyValue("requeued", requeued)
				.setCause(ex)
				.log("Requeueing stranded deliveries stopped by a failure after {}; the next run goes on", requeued);
			throw ex;
		}
		RequeueReport report = new RequeueReport(requeued, more, oldest);
		if (requeued == 0) {
			logger.atInfo().addKeyValue("requeued", 0).addKeyValue("more", false).log("No stranded deliveries");
		}
		else {
			// Each one is a message that went missing: worth a look at why.
			logger.atWarn()
				.addKeyValue("requeued", requeued)
				.addKeyValue("more", more)
				.addKeyValue("oldestDueSince", String.valueOf(oldest))
				.log("Queued {} stranded deliveries again (due since {} at the oldest{}), e.g. {}", requeued, oldest,
						more ? "; more remain for the next run" : "", sample);
		}
		return report;
	}

}
