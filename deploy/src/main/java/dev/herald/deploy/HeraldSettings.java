package dev.herald.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything an operator chooses about a Herald deployment, read from the CDK context key {@code herald} (see
 * {@code deploy/cdk.json}); any single value can be overridden with {@code -c herald.<path>=<value>}.
 *
 * @param functionsJar the {@code notification-functions-<version>-aws.jar} the three Lambdas run
 * @param ingest the SNS ingest function
 * @param ingestHttp the HTTP ingest function behind API Gateway
 * @param deliver the SQS delivery function
 * @param replay the dead-letter replay, invoked by hand ({@code replayDeadLetters})
 * @param sweep the stranded-delivery sweeper, run every few minutes ({@code requeueStranded})
 * @param delivery the deliveries queue and its event source mapping
 * @param topics the event topics
 * @param database the RDS Proxy the functions connect to
 * @param network where the functions run
 * @param sending AWS sending permissions for tenants allowed to use the instance's credentials
 * @param httpApi the HTTP ingestion API
 * @param alarms alarm thresholds and where alarms go
 * @param console the optional console server
 * @param secretsKeySecretArn an existing secret holding the sealing key, or {@code null} to create one
 * @param logRetentionDays how long the functions' logs are kept
 * @param environment extra environment variables for every function and the console server
 * @param providerStatus the SES event function ({@code providerStatusSns}), deployed with {@code sesStatus}
 * @param sesStatus the tenants whose SES events (bounces, complaints, deliveries…) Herald receives
 * @param webhooks the webhook sender, run every minute ({@code sendWebhooks})
 */
record HeraldSettings(Path functionsJar, FunctionSettings ingest, FunctionSettings ingestHttp, FunctionSettings deliver,
		FunctionSettings replay, FunctionSettings sweep, DeliverySettings delivery, TopicSettings topics, DatabaseSettings database, NetworkSettings network,
		SendingSettings sending, HttpApiSettings httpApi, AlarmSettings alarms, ConsoleSettings console,
		String secretsKeySecretArn, int logRetentionDays, Map<String, String> environment,
		FunctionSettings providerStatus, SesStatusSettings sesStatus, FunctionSettings webhooks) {

	/** Complete secret ARNs end in a six-character suffix; a partial ARN would make grants end in a wildcard. */
	private static final Pattern COMPLETE_SECRET_ARN = Pattern
		.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+-[A-Za-z0-9]{6}");

	HeraldSettings {
		Objects.requireNonNull(functionsJar, "functionsJar");
		environment = Map.copyOf(environment);
		if (delivery.maxConcurrency() > deliver.reservedConcurrency()) {
			// More pollers than reserved instances only turns into throttled batches and extra receives.
			throw new IllegalArgumentException("delivery.maxConcurrency (" + delivery.maxConcurrency()
					+ ") must not exceed functions.deliver.reservedConcurrency (" + deliver.reservedConcurrency()
					+ ")");
		}
		if (!network.createsVpc() && network.vpcCidr() == null && database.proxySecurityGroupId() == null) {
			throw new IllegalArgumentException(
					"an existing VPC needs database.proxySecurityGroupId or network.vpcCidr to reach the proxy");
		}
		if (console.target() != ConsoleTarget.NONE && !network.createsVpc() && network.publicSubnetIds().isEmpty()) {
			throw new IllegalArgumentException("console.target " + console.target().name().toLowerCase(Locale.ROOT)
					+ " puts a load balancer in public subnets: set network.publicSubnetIds");
		}
		if (secretsKeySecretArn != null) {
			requireCompleteSecretArn("secretsKeySecretArn", secretsKeySecretArn);
		}
		if (logRetentionDays < 1) {
			throw new IllegalArgumentException("logRetentionDays must be at least 1");
		}
	}

	static String requireCompleteSecretArn(String name, String arn) {
		if (arn == null || !COMPLETE_SECRET_ARN.matcher(arn).matches()) {
			throw new IllegalArgumentException(name + " must be a complete Secrets Manager ARN (ending in the "
					+ "six-character suffix, e.g. …:secret:herald/db-AbCdEf), got " + arn);
		}
		return arn;
	}

	/**
	 * SES event publishing per tenant: each tenant listed gets its own configuration set, whose SNS event destination
	 * is a topic of its own, subscribed to {@code providerStatusSns}. SES cannot name the tenant in an event, so the
	 * topic does; none listed (the default) deploys none of it.
	 *
	 * @param tenants the tenants' slugs, as in Herald
	 */
	record SesStatusSettings(List<String> tenants) {

		SesStatusSettings {
			tenants = List.copyOf(tenants);
			for (String slug : tenants) {
				if (!slug.matches("[a-z0-9][a-z0-9-]{1,62}")) {
					throw new IllegalArgumentException("sesStatus.tenants must be tenant slugs (a-z, 0-9, '-'), got "
							+ slug);
				}
			}
			if (Set.copyOf(tenants).size() != tenants.size()) {
				throw new IllegalArgumentException("sesStatus.tenants lists a tenant twice: " + tenants);
			}
		}

	}

	/** Memory, timeout and reserved concurrency of one Lambda function. */
	record FunctionSettings(int memoryMb, Duration timeout, int reservedConcurrency) {

		FunctionSettings {
			if (memoryMb < 128 || memoryMb > 10240) {
				throw new IllegalArgumentException("memoryMb must be within 128..10240, got " + memoryMb);
			}
			if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
				throw new IllegalArgumentException(
						"timeout must be within 1 s..15 min (Lambda's limit), got " + timeout);
			}
			if (reservedConcurrency < 1) {
				throw new IllegalArgumentException(
						"reservedConcurrency must be at least 1, got " + reservedConcurrency);
			}
		}

	}

	/**
	 * The deliveries queue and how Lambda polls it.
	 *
	 * @param batchSize records per invocation of {@code deliver}
	 * @param maxConcurrency how many {@code deliver} instances the event source mapping may run at once
	 * @param maxReceiveCount receives before a message goes to the dead-letter queue (at least 5: a throttled or
	 * timed-out batch must not dead-letter healthy deliveries)
	 * @param maxBatchingWindow how long Lambda may gather records before invoking (needed for batches above 10)
	 */
	record DeliverySettings(int batchSize, int maxConcurrency, int maxReceiveCount, Duration maxBatchingWindow) {

		DeliverySettings {
			if (batchSize < 1 || batchSize > 10000) {
				throw new IllegalArgumentException("delivery.batchSize must be within 1..10000, got " + batchSize);
			}
			if (batchSize > 10 && maxBatchingWindow.isZero()) {
				throw new IllegalArgumentException("delivery.batchSize above 10 needs a maxBatchingWindow");
			}
			if (maxConcurrency < 2 || maxConcurrency > 1000) {
				throw new IllegalArgumentException(
						"delivery.maxConcurrency must be within 2..1000, got " + maxConcurrency);
			}
			if (maxReceiveCount < 5) {
				throw new IllegalArgumentException(
						"delivery.maxReceiveCount must be at least 5, got " + maxReceiveCount);
			}
			if (maxBatchingWindow.isNegative() || maxBatchingWindow.compareTo(Duration.ofMinutes(5)) > 0) {
				throw new IllegalArgumentException("delivery.maxBatchingWindow must be within 0..5 min");
			}
		}

	}

	/**
	 * The event topics.
	 *
	 * @param kmsKey a KMS key ARN or alias name ({@code alias/aws/sns}) to encrypt the topics with, or {@code null}
	 * for none (publishers then need {@code kms:GenerateDataKey} and {@code kms:Decrypt} on it)
	 * @param publisherAccounts AWS accounts (shops) allowed to publish to the topics
	 */
	record TopicSettings(String kmsKey, List<String> publisherAccounts) {

		TopicSettings {
			publisherAccounts = List.copyOf(publisherAccounts);
			for (String account : publisherAccounts) {
				if (!account.matches("\\d{12}")) {
					throw new IllegalArgumentException("topics.publisherAccounts must be 12-digit account ids, got "
							+ account);
				}
			}
		}

	}

	/**
	 * The PostgreSQL database, reached through an RDS Proxy.
	 *
	 * @param proxyEndpoint the proxy's host name
	 * @param port the proxy's port
	 * @param name the database name
	 * @param secretArn complete ARN of the secret with the credentials ({@code username}, {@code password})
	 * @param proxySecurityGroupId the proxy's security group, to allow the functions in; {@code null} if the proxy
	 * already admits the functions' subnets
	 */
	record DatabaseSettings(String proxyEndpoint, int port, String name, String secretArn,
			String proxySecurityGroupId) {

		DatabaseSettings {
			if (proxyEndpoint == null || proxyEndpoint.isBlank()) {
				throw new IllegalArgumentException("database.proxyEndpoint is required (the RDS Proxy endpoint)");
			}
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("database.name is required");
			}
			requireCompleteSecretArn("database.secretArn", secretArn);
		}

		/** TLS is required: RDS Proxy speaks it, and the credentials travel over it. */
		String jdbcUrl() {
			return "jdbc:postgresql://" + this.proxyEndpoint + ":" + this.port + "/" + this.name + "?sslmode=require";
		}

	}

	/**
	 * Where the functions run: an existing VPC (all of {@code vpcId}, {@code availabilityZones} and
	 * {@code privateSubnetIds}) or, with no {@code vpcId}, a new one with private subnets behind a NAT gateway.
	 *
	 * @param vpcId an existing VPC, or {@code null} to create one
	 * @param vpcCidr the existing VPC's IPv4 range, to reach the proxy when its security group is not given
	 * @param availabilityZones the existing VPC's zones, in the order of the subnet lists
	 * @param privateSubnetIds private subnets (with a route to AWS APIs and the providers' endpoints)
	 * @param publicSubnetIds public subnets, needed only for the console's load balancer
	 * @param smtpPorts SMTP ports the functions may reach, for tenants' own SMTP servers
	 */
	record NetworkSettings(String vpcId, String vpcCidr, List<String> availabilityZones, List<String> privateSubnetIds,
			List<String> publicSubnetIds, List<Integer> smtpPorts) {

		NetworkSettings {
			availabilityZones = List.copyOf(availabilityZones);
			privateSubnetIds = List.copyOf(privateSubnetIds);
			publicSubnetIds = List.copyOf(publicSubnetIds);
			smtpPorts = List.copyOf(smtpPorts);
			if (vpcId != null) {
				if (availabilityZones.isEmpty() || privateSubnetIds.isEmpty()) {
					throw new IllegalArgumentException(
							"network.vpcId needs network.availabilityZones and network.privateSubnetIds");
				}
				if (privateSubnetIds.size() % availabilityZones.size() != 0 || (!publicSubnetIds.isEmpty()
						&& publicSubnetIds.size() % availabilityZones.size() != 0)) {
					throw new IllegalArgumentException("network subnet lists must have a subnet per availability zone");
				}
			}
		}

		boolean createsVpc() {
			return this.vpcId == null;
		}

	}

	/**
	 * What the functions may send through AWS with their own role, for tenants allowed to use the instance's
	 * credentials; all empty (the default) grants nothing and keeps {@code allowInstanceCredentials} off.
	 *
	 * @param sesIdentityArns SES identities (domains, addresses) the functions may send as
	 * @param sesConfigurationSetArns SES configuration sets the functions may send with
	 * @param sms whether the functions may send SMS through SNS
	 * @param pushApplicationArns SNS platform applications whose endpoints the functions may publish to
	 */
	record SendingSettings(List<String> sesIdentityArns, List<String> sesConfigurationSetArns, boolean sms,
			List<String> pushApplicationArns) {

		SendingSettings {
			sesIdentityArns = List.copyOf(sesIdentityArns);
			sesConfigurationSetArns = List.copyOf(sesConfigurationSetArns);
			pushApplicationArns = List.copyOf(pushApplicationArns);
			requireArns("sending.sesIdentityArns", sesIdentityArns, ":ses:", ":identity/");
			requireArns("sending.sesConfigurationSetArns", sesConfigurationSetArns, ":ses:", ":configuration-set/");
			requireArns("sending.pushApplicationArns", pushApplicationArns, ":sns:", ":app/");
		}

		private static void requireArns(String name, List<String> arns, String service, String resource) {
			for (String arn : arns) {
				if (!arn.startsWith("arn:") || !arn.contains(service) || !arn.contains(resource) || arn.contains("*")) {
					throw new IllegalArgumentException(name + " must be exact ARNs (" + service + "…" + resource
							+ "…, no wildcards), got " + arn);
				}
			}
		}

		boolean usesInstanceCredentials() {
			return !this.sesIdentityArns.isEmpty() || this.sms || !this.pushApplicationArns.isEmpty();
		}

	}

	/**
	 * The HTTP ingestion API.
	 *
	 * @param corsAllowOrigins origins allowed to post from a browser ({@code *} by default: the API key, not a
	 * cookie, authorizes a request); empty for no CORS at all
	 * @param throttleRatePerSecond steady request rate of the API's default stage
	 * @param throttleBurst burst of the API's default stage
	 */
	record HttpApiSettings(List<String> corsAllowOrigins, int throttleRatePerSecond, int throttleBurst) {

		HttpApiSettings {
			corsAllowOrigins = List.copyOf(corsAllowOrigins);
			if (throttleRatePerSecond < 1 || throttleBurst < 1) {
				throw new IllegalArgumentException("httpApi throttling must be positive");
			}
		}

	}

	/**
	 * Alarms.
	 *
	 * @param email an address subscribed to the alarm topic, or {@code null}
	 * @param errorThreshold Errors per 5 minutes above which, twice in a row, a function alarms
	 * @param failureRatePercent share of failed deliveries over 15 minutes above which a provider alarms
	 * @param deliveryProviders the {@code channel/provider} pairs Herald's metrics are watched for
	 */
	record AlarmSettings(String email, int errorThreshold, double failureRatePercent, List<String> deliveryProviders) {

		AlarmSettings {
			deliveryProviders = List.copyOf(deliveryProviders);
			for (String pair : deliveryProviders) {
				if (!pair.matches("[a-z]+/[a-z-]+")) {
					throw new IllegalArgumentException(
							"alarms.deliveryProviders are channel/provider pairs, got " + pair);
				}
			}
			if (failureRatePercent <= 0 || failureRatePercent >= 100) {
				throw new IllegalArgumentException("alarms.failureRatePercent must be within 0..100");
			}
		}

	}

	/** Where the console server runs, if anywhere. */
	enum ConsoleTarget {

		/** No console server in this stack. */
		NONE,
		/** A Fargate service running the server image, behind a load balancer. */
		ECS,
		/** An EC2 instance running the server jar, behind a load balancer. */
		JVM

	}

	/**
	 * The optional console server.
	 *
	 * @param target none, ECS or JVM
	 * @param image the server image for {@code ecs}, e.g. {@code ghcr.io/herald/herald-server:0.1.0}
	 * @param jar the server jar for {@code jvm}
	 * @param certificateArn an ACM certificate for HTTPS on the load balancer, or {@code null} for plain HTTP
	 * @param instanceType the EC2 instance type for {@code jvm}
	 */
	record ConsoleSettings(ConsoleTarget target, String image, Path jar, String certificateArn, String instanceType) {

		ConsoleSettings {
			if (target == ConsoleTarget.ECS && (image == null || image.isBlank())) {
				throw new IllegalArgumentException("console.target ecs needs console.image");
			}
			if (target == ConsoleTarget.JVM && jar == null) {
				throw new IllegalArgumentException("console.target jvm needs console.jar");
			}
		}

	}

}
