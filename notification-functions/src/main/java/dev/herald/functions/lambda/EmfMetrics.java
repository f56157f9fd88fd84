package dev.herald.functions.lambda;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Herald's counters in CloudWatch Embedded Metric Format: after each invocation, one JSON line per dimension set that
 * changed (usually one: an invocation ingests or delivers), which CloudWatch Logs turns into metrics in namespace
 * {@value #NAMESPACE} without any API call. Deliveries sent, failed and throttled per {@code Channel} and
 * {@code Provider} (from provider calls, so a failover shows both providers); events accepted, duplicate and
 * rejected per {@code Via}; deliveries queued again per {@code Source} ({@code dead-letters}: with the dead letters
 * deleted as settled and those left as poison; {@code sweep}: stranded deliveries); provider status events per
 * {@code Provider} and {@code Status} (the status reported, e.g. {@code bounced}), matched to a delivery or kept as
 * unmatched, and per {@code Provider} the records that were no status event (invalid, or of a type Herald ignores);
 * webhook messages sent, to be retried and failed by {@code sendWebhooks}, without dimensions (the tenant and endpoint
 * are in its logs and the delivery log, not worth a metric each).
 * Lambda reports invocations, duration, errors and throttles itself.
 */
public class EmfMetrics {

	static final String NAMESPACE = "Herald";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> DELIVERY_METRICS = Map.of("delivered", "DeliveriesSent", "retry_later",
			"DeliveriesFailed", "rejected", "DeliveriesFailed", "throttled", "DeliveriesThrottled");

	private static final Map<String, String> EVENT_METRICS = Map.of("accepted", "EventsAccepted", "duplicate",
			"EventsDuplicate", "rejected", "EventsRejected");

	private static final Map<String, String> REQUEUE_METRICS = Map.of("requeued", "DeliveriesRequeued", "settled",
			"DeadLettersSettled", "poison", "DeadLettersPoison");

	private static final Map<String, String> STATUS_METRICS = Map.of("true", "StatusEventsMatched", "false",
			"StatusEventsUnmatched");

	private static final Map<String, String> UNREAD_STATUS_METRICS = Map.of("invalid", "StatusEventsInvalid",
			"ignored", "StatusEventsIgnored");

	private static final Map<String, String> WEBHOOK_METRICS = Map.of("delivered", "WebhooksSent", "retry_later",
			"WebhooksRetrying", "failed", "WebhooksFailed");

	/** The metrics each source has: the sweep only ever requeues. */
	private static final Map<String, List<String>> REQUEUE_SETS = Map.of("dead-letters",
			List.of("DeliveriesRequeued", "DeadLettersSettled", "DeadLettersPoison"), "sweep",
			List.of("DeliveriesRequeued"));

	private final MeterRegistry registry;

	private final Consumer<String> out;

	private final Clock clock;

	/** What each counter stood at when last written, so that every line carries only its invocation's counts. */
	private final Map<Meter.Id, Double> written = new HashMap<>();

	/**
	 * @param out where the lines go: standard output on Lambda, where CloudWatch Logs reads them (a logger would wrap
	 * them in its own JSON)
	 */
	public EmfMetrics(MeterRegistry registry, Consumer<String> out, Clock clock) {
		this.registry = registry;
		this.out = out;
		this.clock = clock;
	}

	/** Writes what was counted since the last flush; nothing when nothing was. */
	public synchronized void flush() {
		Map<List<String>, Map<String, Long>> deliveries = new TreeMap<>(this::compare);
		Map<List<String>, Map<String, Long>> events = new TreeMap<>(this::compare);
		Map<List<String>, Map<String, Long>> requeues = new TreeMap<>(this::compare);
		Map<List<String>, Map<String, Long>> statuses = new TreeMap<>(this::compare);
		Map<List<String>, Map<String, Long>> unread = new TreeMap<>(this::compare);
		Map<List<String>, Map<String, Long>> webhooks = new TreeMap<>(this::compare);
		for (Meter meter : this.registry.getMeters()) {
			if (!(meter instanceof Counter counter)) {
				continue;
			}
			String name = meter.getId().getName();
			double now = counter.count();
			long delta = Math.round(now - this.written.getOrDefault(meter.getId(), 0.0));
			this.written.put(meter.getId(), now);
			if (delta <= 0) {
				continue;
			}
			String outcome = meter.getId().getTag("outcome");
			if (name.equals("herald.deliveries.attempts") && DELIVERY_METRICS.containsKey(outcome)) {
				add(deliveries, List.of(tag(meter, "channel"), tag(meter, "provider")), DELIVERY_METRICS.get(outcome),
						delta);
			}
			else if (name.equals("herald.events.ingested") && EVENT_METRICS.containsKey(outcome)) {
				add(events, List.of(tag(meter, "via")), EVENT_METRICS.get(outcome), delta);
			}
			else if (name.equals("herald.deliveries.requeued") && REQUEUE_METRICS.containsKey(outcome)
					&& REQUEUE_SETS.containsKey(tag(meter, "source"))) {
				add(requeues, List.of(tag(meter, "source")), REQUEUE_METRICS.get(outcome), delta);
			}
			else if (name.equals("herald.deliveries.status") && STATUS_METRICS.containsKey(tag(meter, "matched"))) {
				add(statuses, List.of(tag(meter, "provider"), tag(meter, "outcome")),
						STATUS_METRICS.get(tag(meter, "matched")), delta);
			}
			else if (name.equals("herald.deliveries.status.unread") && UNREAD_STATUS_METRICS.containsKey(outcome)) {
				add(unread, List.of(tag(meter, "provider")), UNREAD_STATUS_METRICS.get(outcome), delta);
			}
			else if (name.equals("herald.webhooks.attempts") && WEBHOOK_METRICS.containsKey(outcome)) {
				add(webhooks, List.of(), WEBHOOK_METRICS.get(outcome), delta);
			}
		}
		long timestamp = this.clock.millis();
		deliveries.forEach((dimensions, values) -> this.out.accept(line(timestamp, List.of("Channel", "Provider"),
				dimensions, List.of("DeliveriesSent", "DeliveriesFailed", "DeliveriesThrottled"), values)));
		events.forEach((dimensions, values) -> this.out.accept(line(timestamp, List.of("Via"), dimensions,
				List.of("EventsAccepted", "EventsDuplicate", "EventsRejected"), values)));
		requeues.forEach((dimensions, values) -> this.out.accept(line(timestamp, List.of("Source"), dimensions,
				REQUEUE_SETS.get(dimensions.getFirst()), values)));
		statuses.forEach((dimensions, values) -> this.out.accept(line(timestamp, List.of("Provider", "Status"),
				dimensions, List.of("StatusEventsMatched", "StatusEventsUnmatched"), values)));
		unread.forEach((dimensions, values) -> this.out.accept(line(timestamp, List.of("Provider"), dimensions,
				List.of("StatusEventsInvalid", "StatusEventsIgnored"), values)));
		webhooks.forEach((dimensions, values) -> this.out.accept(line(timestamp, List.of(), dimensions,
				List.of("WebhooksSent", "WebhooksRetrying", "WebhooksFailed"), values)));
	}

	/**
	 * One EMF document: the metadata under {@code _aws}, then the dimension values, then the metric values (every
	 * metric of the set, zeros included, so that rates can be computed from them).
	 */
	static String line(long timestamp, List<String> dimensionNames, List<String> dimensionValues,
			List<String> metricNames, Map<String, Long> values) {
		ObjectNode root = JSON.createObjectNode();
		ObjectNode aws = root.putObject("_aws");
		aws.put("Timestamp", timestamp);
		ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
		directive.put("Namespace", NAMESPACE);
		ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
		dimensionNames.forEach(dimensionSet::add);
		ArrayNode metrics = directive.putArray("Metrics");
		for (String metric : metricNames) {
			metrics.addObject().put("Name", metric).put("Unit", "Count");
		}
		for (int i = 0; i < dimensionNames.size(); i++) {
			root.put(dimensionNames.get(i), dimensionValues.get(i));
		}
		for (String metric : metricNames) {
			root.put(metric, values.getOrDefault(metric, 0L));
		}
		return root.toString();
	}

	private static void add(Map<List<String>, Map<String, Long>> sets, List<String> dimensions, String metric,
			long delta) {
		sets.computeIfAbsent(dimensions, (key) -> new LinkedHashMap<>()).merge(metric, delta, Long::sum);
	}

	private static String tag(Meter meter, String key) {
		String value = meter.getId().getTag(key);
		return (value != null) ? value : "unknown";
	}

	private int compare(List<String> a, List<String> b) {
		return String.join("\u0000", a).compareTo(String.join("\u0000", b));
	}

}
