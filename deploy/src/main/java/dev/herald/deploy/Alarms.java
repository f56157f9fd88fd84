package dev.herald.deploy;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import dev.herald.deploy.HeraldSettings.AlarmSettings;

/**
 * What wakes an operator: functions failing or throttled, anything in a dead-letter queue, and providers failing
 * more than they should (from Herald's own EMF metrics). Every alarm, and its recovery, goes to one SNS topic.
 */
final class Alarms extends Construct {

	/** The namespace and metrics of Herald's EMF lines (dimensions {@code Channel}, {@code Provider}). */
	static final String NAMESPACE = "Herald";

	static final String DELIVERIES_SENT = "DeliveriesSent";

	static final String DELIVERIES_FAILED = "DeliveriesFailed";

	/**
	 * Missing points count as zero: a provider that fails every send emits no {@code DeliveriesSent} at all, and
	 * must still alarm. With neither metric there is no point, and no alarm.
	 */
	static final String FAILURE_RATE = "100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0))";

	private static final DecimalFormat PERCENT = new DecimalFormat("0.##",
			DecimalFormatSymbols.getInstance(Locale.ROOT));

	private final Topic topic;

	private final SnsAction action;

	Alarms(Construct scope, String id, AlarmSettings settings) {
		super(scope, id);
		this.topic = Topic.Builder.create(this, "Topic").displayName("Herald alarms").signatureVersion("2").build();
		if (settings.email() != null) {
			this.topic.addSubscription(new EmailSubscription(settings.email()));
		}
		this.action = new SnsAction(this.topic);
		for (String pair : settings.deliveryProviders()) {
			String[] parts = pair.split("/");
			failureRate(parts[0], parts[1], settings.failureRatePercent());
		}
	}

	/** Errors above the threshold in two 5-minute periods in a row, and throttles in two periods in a row. */
	void watch(String name, IFunction function, AlarmSettings settings) {
		MetricOptions fiveMinuteSum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
		alarm(name + "Errors", function.metricErrors(fiveMinuteSum), "Herald " + name + ": more than "
				+ settings.errorThreshold() + " errors in each of two 5-minute periods", settings.errorThreshold(), 2);
		alarm(name + "Throttles", function.metricThrottles(fiveMinuteSum),
				"Herald " + name + ": throttled in each of two 5-minute periods (reserved concurrency too low)", 0, 2);
	}

	/** Any message in a dead-letter queue needs a look (and a replay). */
	void watch(String name, IQueue deadLetterQueue) {
		alarm(name + "Depth",
				deadLetterQueue.metricApproximateNumberOfMessagesVisible(
						MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()),
				"Herald " + name + ": messages waiting in a dead-letter queue", 0, 1);
	}

	private void failureRate(String channel, String provider, double percent) {
		Map<String, String> dimensions = Map.of("Channel", channel, "Provider", provider);
		IMetric rate = MathExpression.Builder.create()
			.expression(FAILURE_RATE)
			.usingMetrics(Map.of("sent", herald(DELIVERIES_SENT, dimensions), "failed",
					herald(DELIVERIES_FAILED, dimensions)))
			.period(Duration.minutes(15))
			.label(channel + "/" + provider + " failed deliveries (%)")
			.build();
		alarm("FailureRate" + EventTopics.capitalized(channel) + pascal(provider), rate,
				"Herald " + channel + " via " + provider + ": more than " + PERCENT.format(percent)
						+ " % of deliveries failed over 15 minutes",
				percent, 1);
	}

	private static Metric herald(String name, Map<String, String> dimensions) {
		return Metric.Builder.create()
			.namespace(NAMESPACE)
			.metricName(name)
			.dimensionsMap(dimensions)
			.statistic("Sum")
			.period(Duration.minutes(15))
			.build();
	}

	/** Above the threshold in {@code periods} periods in a row; no data is no alarm. */
	private void alarm(String id, IMetric metric, String description, double threshold, int periods) {
		Alarm alarm = Alarm.Builder.create(this, id)
			.metric(metric)
			.alarmDescription(description)
			.threshold(threshold)
			.evaluationPeriods(periods)
			.datapointsToAlarm(periods)
			.comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
			.treatMissingData(TreatMissingData.NOT_BREACHING)
			.build();
		alarm.addAlarmAction(this.action);
		alarm.addOkAction(this.action);
	}

	private static String pascal(String name) {
		StringBuilder out = new StringBuilder();
		for (String part : name.split("-")) {
			out.append(EventTopics.capitalized(part));
		}
		return out.toString();
	}

	Topic topic() {
		return this.topic;
	}

}
