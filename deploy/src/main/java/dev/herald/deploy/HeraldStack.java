package dev.herald.deploy;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import dev.herald.deploy.HeraldFunction.Spec;
import dev.herald.deploy.HeraldSettings.ConsoleTarget;

/**
 * Herald on AWS: shops publish to SNS topics (or post to an HTTP API), {@code ingest} stores and fans out each event
 * and enqueues its deliveries on SQS, and {@code deliver} sends them, reporting only the failed records back.
 * {@code replay} sends dead letters back when asked, and {@code sweep} queues again, every five minutes, due
 * deliveries whose message went missing. With {@code sesStatus.tenants}, each tenant's SES configuration set publishes
 * its events to a topic of its own, which {@code providerStatus} applies to the tenant's deliveries. {@code webhooks}
 * sends the webhook outbox (delivery status messages to tenants' endpoints) every minute, through the VPC's NAT.
 */
public final class HeraldStack extends Stack {

	/*
	 * The functions' own variables (notification-functions' LambdaEnvironment, which also switches on the lambda
	 * profile and the SQS queue): the database URL, whose presence keeps the RDS secret's host (the database itself,
	 * not the proxy) from being used, the two secrets, read once at init, and the queue.
	 */
	static final String DB_URL = "HERALD_DB_URL";

	static final String DB_SECRET_ARN = "HERALD_DB_SECRET_ARN";

	static final String SECRETS_KEY_SECRET_ARN = "HERALD_SECRETS_KEY_SECRET_ARN";

	static final String DELIVERY_QUEUE_URL = "HERALD_DELIVERY_QUEUE_URL";

	/** Only the replay function's: the deliveries queue's dead-letter queue. */
	static final String DELIVERY_DLQ_URL = "HERALD_DELIVERY_DLQ_URL";

	/** Only the SES status function's: which tenant each SES event topic carries (see {@link SesEventTopics}). */
	static final String SES_TOPICS = "HERALD_FUNCTIONS_STATUS_SESTOPICS";

	/** How often the webhook sender looks for due webhook messages. */
	static final Duration WEBHOOKS_RATE = Duration.minutes(1);

	/** How often the sweeper looks for due deliveries whose message went missing. */
	static final Duration SWEEP_RATE = Duration.minutes(5);

	/* Plain Spring Boot properties, for the functions and the console server alike. */
	static final String LOCAL_CHANNELS = "HERALD_CHANNELS_LOCAL_ENABLED";

	static final String INSTANCE_CREDENTIALS = "HERALD_FUNCTIONS_ALLOWINSTANCECREDENTIALS";

	static final String DATASOURCE_URL = "SPRING_DATASOURCE_URL";

	static final String QUEUE = "HERALD_FUNCTIONS_QUEUE";

	static final String QUEUE_URL = "HERALD_FUNCTIONS_SQS_QUEUEURL";

	/** 43 letters and digits: unpadded base64 of 32 bytes (see {@link #sealingKey}). */
	static final int SEALING_KEY_LENGTH = 43;

	private final Map<String, HeraldFunction> functions = new LinkedHashMap<>();

	private Queue providerStatusFailures;

	public HeraldStack(Construct scope, String id, StackProps props, HeraldSettings settings) {
		super(scope, id, props);
		if (!Files.isRegularFile(settings.functionsJar())) {
			throw new IllegalArgumentException("No functions artifact at " + settings.functionsJar().toAbsolutePath()
					+ ": build it first (./mvnw -pl notification-functions -am package -DskipTests) or set "
					+ "herald.functionsJar");
		}
		if (settings.console().target() == ConsoleTarget.JVM && !Files.isRegularFile(settings.console().jar())) {
			throw new IllegalArgumentException("No server jar at " + settings.console().jar().toAbsolutePath()
					+ ": build it first (./mvnw -pl web-console -am package -DskipTests) or set herald.console.jar");
		}
		Network network = new Network(this, "Network", settings.network(), settings.database());
		ISecret databaseSecret = Secret.fromSecretCompleteArn(this, "DatabaseSecret", settings.database().secretArn());
		ISecret sealingKey = sealingKey(settings);
		DeliveryQueue deliveryQueue = new DeliveryQueue(this, "Deliveries", settings.delivery(), settings.deliver());
		Queue ingestFailures = Queues.deadLetterQueue(this, "IngestFailures");

		Map<String, String> common = new LinkedHashMap<>();
		common.put(DB_URL, settings.database().jdbcUrl());
		common.put(DB_SECRET_ARN, databaseSecret.getSecretArn());
		common.put(SECRETS_KEY_SECRET_ARN, sealingKey.getSecretArn());
		common.put(DELIVERY_QUEUE_URL, deliveryQueue.queue().getQueueUrl());
		// No development outbox on AWS: a tenant without an SMS or push provider gets a clear failure, not a fake.
		common.put(LOCAL_CHANNELS, "false");
		common.put(INSTANCE_CREDENTIALS, String.valueOf(settings.sending().usesInstanceCredentials()));
		common.putAll(settings.environment());
		// The maintenance functions never open providers' credentials nor send anything: no sealing key, no sending.
		Map<String, String> maintenance = new LinkedHashMap<>(common);
		maintenance.remove(SECRETS_KEY_SECRET_ARN);
		maintenance.remove(INSTANCE_CREDENTIALS);
		Map<String, String> replayEnvironment = new LinkedHashMap<>(maintenance);
		replayEnvironment.put(DELIVERY_DLQ_URL, deliveryQueue.deadLetterQueue().getQueueUrl());

		Code code = Code.fromAsset(settings.functionsJar().toString());
		HeraldFunction ingest = function("Ingest", new Spec("ingestSns", "Herald ingest: SNS events → deliveries",
				settings.ingest(), common, ingestFailures), code, network, settings);
		HeraldFunction ingestHttp = function("IngestHttp", new Spec("ingestHttp",
				"Herald ingest over HTTPS: POST " + HttpIngestApi.EVENTS_PATH, settings.ingestHttp(), common, null),
				code, network, settings);
		HeraldFunction deliver = function("Deliver", new Spec("deliverSqs",
				"Herald deliver: SQS deliveries → email, SMS, push", settings.deliver(), common, null), code, network,
				settings);
		HeraldFunction replay = function("Replay", new Spec("replayDeadLetters",
				"Herald replay: delivery dead letters whose delivery still waits → the deliveries queue (run by hand)",
				settings.replay(), replayEnvironment, null), code, network, settings);
		HeraldFunction sweep = function("Sweep", new Spec("requeueStranded",
				"Herald sweep: due deliveries whose message went missing → the deliveries queue (every 5 minutes)",
				settings.sweep(), maintenance, null), code, network, settings);

		for (HeraldFunction function : this.functions.values()) {
			databaseSecret.grantRead(function.role());
			// ingest publishes deliveries; deliver re-sends those to retry later (with a delay); replay and sweep
			// send again those whose message went to the dead-letter queue or missing.
			deliveryQueue.queue().grantSendMessages(function.role());
		}
		for (HeraldFunction function : List.of(ingest, ingestHttp, deliver)) {
			sealingKey.grantRead(function.role());
		}
		// Receive, delete and make visible again: the replay is the dead-letter queue's only consumer.
		deliveryQueue.deadLetterQueue().grantConsumeMessages(replay.role());
		Rule.Builder.create(this, "SweepSchedule")
			.description("Herald: queue again due deliveries whose message went missing")
			.schedule(Schedule.rate(SWEEP_RATE))
			// A sweep that could not start is not worth starting later than the next one.
			.targets(List.of(LambdaFunction.Builder.create(sweep.alias())
				.retryAttempts(2)
				.maxEventAge(SWEEP_RATE)
				.build()))
			.build();
		SesEventTopics sesEvents = sesEvents(settings, maintenance, code, network, databaseSecret);
		webhooks(settings, maintenance, code, network, databaseSecret, sealingKey);
		SendingPermissions.grant(deliver.role(), settings.sending());
		deliver.alias()
			.addEventSource(new SqsEventSource(deliveryQueue.queue(), SqsEventSourceProps.builder()
				.batchSize(settings.delivery().batchSize())
				.maxBatchingWindow(Duration.seconds(settings.delivery().maxBatchingWindow().toSeconds()))
				.maxConcurrency(settings.delivery().maxConcurrency())
				.reportBatchItemFailures(true)
				.build()));

		EventTopics topics = new EventTopics(this, "Events", settings.topics(), ingest.alias());
		HttpIngestApi api = new HttpIngestApi(this, "HttpIngest", settings.httpApi(), ingestHttp.alias());

		Alarms alarms = new Alarms(this, "Alarms", settings.alarms());
		this.functions.forEach((name, function) -> alarms.watch(name, function.function(), settings.alarms()));
		topics.deadLetterQueues()
			.forEach((name, queue) -> alarms.watch(EventTopics.capitalized(name) + "SubscriptionDeadLetters",
					queue));
		if (sesEvents != null) {
			sesEvents.deadLetterQueues()
				.forEach((slug, queue) -> alarms.watch("SesEvents" + SesEventTopics.pascal(slug) + "SubscriptionDeadLetters",
						queue));
			alarms.watch("ProviderStatusFailures", this.providerStatusFailures);
			sesEvents.configurationSets()
				.forEach((slug, configurationSet) -> CfnOutput.Builder
					.create(this, "SesConfigurationSet" + SesEventTopics.pascal(slug))
					.description("Tenant " + slug + ": its SES provider's 'configurationSet' setting")
					.value(configurationSet.getConfigurationSetName())
					.build());
		}
		alarms.watch("IngestFailures", ingestFailures);
		alarms.watch("DeliveryDeadLetters", deliveryQueue.deadLetterQueue());

		if (settings.console().target() != ConsoleTarget.NONE) {
			Map<String, String> server = new LinkedHashMap<>();
			server.put(DATASOURCE_URL, settings.database().jdbcUrl());
			server.put(QUEUE, "sqs");
			server.put(QUEUE_URL, deliveryQueue.queue().getQueueUrl());
			server.put(LOCAL_CHANNELS, "false");
			// The Lambda functions deliver; workers here would only compete with them for the same messages.
			server.put("HERALD_SERVER_WORKERS_ENABLED", "false");
			server.putAll(settings.environment());
			ConsoleServer console = new ConsoleServer(this, "Console", settings.console(), new ConsoleServer.Inputs(
					server, databaseSecret, sealingKey, deliveryQueue.queue(), network,
					settings.logRetentionDays()));
			CfnOutput.Builder.create(this, "ConsoleUrl").value(console.url()).build();
		}

		CfnOutput.Builder.create(this, "EventsUrl").value(api.url() + HttpIngestApi.EVENTS_PATH.substring(1)).build();
		topics.topics()
			.forEach((name, topic) -> CfnOutput.Builder
				.create(this, EventTopics.capitalized(name) + "TopicArn")
				.value(topic.getTopicArn())
				.build());
		// Synchronous, so the report is the answer; the CLI must wait as long as the function may run.
		CfnOutput.Builder.create(this, "ReplayDeadLettersCommand")
			.description("Sends the delivery dead letters whose delivery still waits back to the deliveries queue "
					+ "and writes the report to replay-report.json")
			.value("aws lambda invoke --region " + getRegion() + " --function-name "
					+ replay.function().getFunctionName() + ":" + HeraldFunction.ALIAS_NAME
					+ " --cli-binary-format raw-in-base64-out --cli-read-timeout 0 --payload '{\"max\": 1000}' "
					+ "replay-report.json")
			.build();
		CfnOutput.Builder.create(this, "SealingKeySecretArn").value(sealingKey.getSecretArn()).build();
		CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarms.topic().getTopicArn()).build();
	}

	/**
	 * The SES event function and each listed tenant's configuration set and topic; none without tenants. The function
	 * only reads and writes the database: no sealing key, no sending, nothing on the queues (it is given the queue's
	 * URL only because every function of the artifact starts the same beans).
	 */
	private SesEventTopics sesEvents(HeraldSettings settings, Map<String, String> maintenance, Code code,
			Network network, ISecret databaseSecret) {
		if (settings.sesStatus().tenants().isEmpty()) {
			return null;
		}
		this.providerStatusFailures = Queues.deadLetterQueue(this, "ProviderStatusFailures");
		Map<String, String> environment = new LinkedHashMap<>(maintenance);
		HeraldFunction function = function("ProviderStatus", new Spec("providerStatusSns",
				"Herald provider status: SES events on each tenant's topic → delivery history and suppressions",
				settings.providerStatus(), environment, this.providerStatusFailures), code, network, settings);
		databaseSecret.grantRead(function.role());
		SesEventTopics topics = new SesEventTopics(this, "SesEvents", settings.sesStatus().tenants(),
				function.alias());
		// Read at init; the topics exist before the function's version is published (they do not depend on it).
		function.function().addEnvironment(SES_TOPICS, topics.mappings());
		return topics;
	}

	/**
	 * The webhook sender, run every minute: it reads and writes the database and opens endpoints' signing secrets
	 * (the sealing key), and calls tenants' endpoints on the internet (https out, through the private subnets' NAT):
	 * nothing on the queues (it is given the queue's URL only because every function of the artifact starts the same
	 * beans), no sending permissions.
	 */
	private void webhooks(HeraldSettings settings, Map<String, String> maintenance, Code code, Network network,
			ISecret databaseSecret, ISecret sealingKey) {
		Map<String, String> environment = new LinkedHashMap<>(maintenance);
		environment.put(SECRETS_KEY_SECRET_ARN, sealingKey.getSecretArn());
		HeraldFunction function = function("Webhooks", new Spec("sendWebhooks",
				"Herald webhooks: due webhook messages → tenants' endpoints (every minute)", settings.webhooks(),
				environment, null), code, network, settings);
		databaseSecret.grantRead(function.role());
		sealingKey.grantRead(function.role());
		Rule.Builder.create(this, "WebhooksSchedule")
			.description("Herald: send due webhook messages to tenants' endpoints")
			.schedule(Schedule.rate(WEBHOOKS_RATE))
			// A run that could not start is not worth starting later than the next one.
			.targets(List.of(LambdaFunction.Builder.create(function.alias())
				.retryAttempts(0)
				.maxEventAge(WEBHOOKS_RATE)
				.build()))
			.build();
	}

	private HeraldFunction function(String name, Spec spec, Code code, Network network, HeraldSettings settings) {
		HeraldFunction function = new HeraldFunction(this, name, spec, code, network, settings.logRetentionDays());
		this.functions.put(name, function);
		return function;
	}

	/**
	 * The key sealing providers' credentials: an existing secret, or a new one generated by Secrets Manager so its
	 * value never appears in the template or on a developer's machine. 43 letters and digits are valid unpadded
	 * base64 of 32 bytes (Java's decoder ignores the two spare bits): about 256 bits of randomness, used as is.
	 */
	private ISecret sealingKey(HeraldSettings settings) {
		if (settings.secretsKeySecretArn() != null) {
			return Secret.fromSecretCompleteArn(this, "SealingKey", settings.secretsKeySecretArn());
		}
		// Kept when the stack goes: without it no sealed credential in the database can be opened again.
		return Secret.Builder.create(this, "SealingKey")
			.removalPolicy(RemovalPolicy.RETAIN)
			.description("Herald: base64 of the 256-bit key sealing providers' credentials "
					+ "(herald.functions.secrets-key)")
			.generateSecretString(SecretStringGenerator.builder()
				.passwordLength(SEALING_KEY_LENGTH)
				.excludePunctuation(true)
				.includeSpace(false)
				.build())
			.build();
	}

}
