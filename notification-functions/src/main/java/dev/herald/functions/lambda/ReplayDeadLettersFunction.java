package dev.herald.functions.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.herald.functions.delivery.sqs.SqsDeadLetterQueue;
import dev.herald.functions.delivery.sqs.SqsDeadLetterQueue.DeadLetter;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue.Received;
import dev.herald.functions.delivery.sqs.SqsDeliveryQueue.Redrive;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code replayDeadLetters} function, invoked by hand once whatever sent delivery messages to the dead-letter
 * queue is fixed (e.g. the database was away): each dead letter whose delivery still waits is sent to the delivery
 * queue again and only then deleted; one whose delivery is settled is deleted; poison (not a delivery message, or no
 * such delivery) stays in the dead-letter queue and is reported. Nothing is dropped silently.
 *
 * <p>
 * Dead letters are received hidden for the rest of the run, so a run never looks at one twice; the poison ones are
 * made visible again at the end, for inspection and the next run. A run stops at its {@code max}, when the queue
 * hands out nothing more, or {@value #MARGIN_SECONDS} s before Lambda would stop it (its time budget elsewhere).
 * A crash between sending a message back and deleting the dead letter leaves a duplicate, which the delivery's claim
 * makes harmless.
 */
public class ReplayDeadLettersFunction implements Function<ReplayRequest, ReplayReport> {

	static final long MARGIN_SECONDS = 30;

	/** How long a run may take when no Lambda context says how long is left. */
	static final Duration DEFAULT_BUDGET = Duration.ofMinutes(4);

	private static final Duration MARGIN = Duration.ofSeconds(MARGIN_SECONDS);

	private static final Logger logger = LoggerFactory.getLogger(ReplayDeadLettersFunction.class);

	private final SqsDeliveryQueue queue;

	private final SqsDeadLetterQueue deadLetters;

	private final Supplier<Optional<Duration>> remainingTime;

	private final Duration budget;

	private final Duration wait;

	private final MeterRegistry meters;

	private final Clock clock;

	/**
	 * @param deadLetters the delivery queue's dead-letter queue, or {@code null} when none is configured (every other
	 * Lambda of the deployment has this bean too; only this function's invocation then fails)
	 * @param remainingTime how long the current Lambda invocation may still run, if known
	 * @param budget how long a run may take at most
	 * @param wait how long to wait for dead letters on each receive (long polling)
	 */
	public ReplayDeadLettersFunction(SqsDeliveryQueue queue, SqsDeadLetterQueue deadLetters,
			Supplier<Optional<Duration>> remainingTime, Duration budget, Duration wait, MeterRegistry meters,
			Clock clock) {
		this.queue = queue;
		this.deadLetters = deadLetters;
		this.remainingTime = remainingTime;
		this.budget = budget;
		this.wait = wait;
		this.meters = meters;
		this.clock = clock;
	}

	@Override
	public ReplayReport apply(ReplayRequest request) {
		if (this.deadLetters == null) {
			throw new IllegalStateException("No dead-letter queue to replay: set HERALD_DELIVERY_DLQ_URL "
					+ "(herald.functions.sqs.dead-letter-queue-url)");
		}
		int max = ((request != null) ? request : ReplayRequest.DEFAULT).max();
		Instant deadline = deadline();
		Run run = new Run();
		String stopped;
		try {
			while (true) {
				if (run.seen >= max) {
					stopped = "max";
					break;
				}
				Duration left = Duration.between(this.clock.instant(), deadline);
				if (left.isNegative() || left.isZero()) {
					stopped = "time";
					break;
				}
				// Hidden past the end of the run: none comes back to be looked at twice in one run.
				List<DeadLetter> batch = this.deadLetters.receive(Math.min(10, max - run.seen), left.plus(MARGIN),
						this.wait.compareTo(left) < 0 ? this.wait : Duration.ZERO);
				if (batch.isEmpty()) {
					stopped = "empty";
					break;
				}
				run.seen += batch.size();
				handle(batch, run);
			}
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.addKeyValue("replayed", run.replayed)
				.addKeyValue("settled", run.settled)
				.addKeyValue("poison", run.poison.size())
				.setCause(ex)
				.log("Dead-letter replay stopped by a failure after {} replayed, {} settled, {} poison; what it had "
						+ "not dealt with stays in the dead-letter queue", run.replayed, run.settled, run.poison.size());
			throw new IllegalStateException("Replay stopped after " + run.replayed + " replayed, " + run.settled
					+ " settled, " + run.poison.size() + " poison: " + ex.getMessage(), ex);
		}
		finally {
			this.deadLetters.reveal(run.kept);
		}
		boolean more = !stopped.equals("empty") || run.undeleted > 0;
		ReplayReport report = new ReplayReport(run.replayed, run.settled, run.poison.size(),
				run.poison.subList(0, Math.min(run.poison.size(), ReplayReport.POISON_LISTED)), more, stopped);
		logger.atInfo()
			.addKeyValue("replayed", report.replayed())
			.addKeyValue("settled", report.settled())
			.addKeyValue("poison", report.poison())
			.addKeyValue("more", report.more())
			.addKeyValue("stopped", report.stopped())
			.log("Dead-letter replay: {} replayed, {} settled, {} poison left in the dead-letter queue; stopped: {}{}",
					report.replayed(), report.settled(), report.poison(), report.stopped(),
					more ? "; more may remain" : "");
		return report;
	}

	private void handle(List<DeadLetter> batch, Run run) {
		Map<String, Redrive> outcomes;
		try {
			outcomes = this.queue.redrive(
					batch.stream().map((message) -> new Received(message.messageId(), message.body())).toList());
		}
		catch (RuntimeException ex) {
			// None of these is deleted: they stay in the dead-letter queue, visible again for the next run.
			run.kept.addAll(batch);
			throw ex;
		}
		List<DeadLetter> done = new ArrayList<>();
		for (DeadLetter message : batch) {
			switch (outcomes.get(message.messageId())) {
				case Redrive.Requeued requeued -> {
					done.add(message);
					run.replayed++;
					count("requeued");
				}
				case Redrive.Settled settled -> {
					done.add(message);
					run.settled++;
					count("settled");
				}
				case Redrive.Poison(String reason) -> {
					run.kept.add(message);
					run.poison.add(new ReplayReport.PoisonMessage(message.messageId(), reason));
					count("poison");
					logger.warn("Dead letter {} stays in the dead-letter queue: {}", message.messageId(), reason);
				}
			}
		}
		run.undeleted += this.deadLetters.delete(done);
	}

	/** The end of the run: its budget, or well before Lambda's timeout when that comes first. */
	private Instant deadline() {
		Duration allowed = this.budget;
		Optional<Duration> remaining = this.remainingTime.get();
		if (remaining.isPresent() && remaining.get().minus(MARGIN).compareTo(allowed) < 0) {
			allowed = remaining.get().minus(MARGIN);
		}
		return this.clock.instant().plus(allowed);
	}

	private void count(String outcome) {
		this.meters.counter("herald.deliveries.requeued", "source", "dead-letters", "outcome", outcome).increment();
	}

	/** What a run has done so far. */
	private static final class Run {

		int seen;

		int replayed;

		int settled;

		int undeleted;

		final List<ReplayReport.PoisonMessage> poison = new ArrayList<>();

		/** Received and staying in the dead-letter queue: made visible again when the run ends. */
		final List<DeadLetter> kept = new ArrayList<>();

	}

}
