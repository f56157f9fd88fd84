package dev.herald.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.targets.InstanceTarget;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import dev.herald.deploy.HeraldSettings.ConsoleSettings;
import dev.herald.deploy.HeraldSettings.ConsoleTarget;

/**
 * The optional console server (the {@code web-console} jar or image) behind a load balancer: it serves the console
 * and the ingestion API, enqueues on the same SQS queue, and leaves delivering to the Lambda functions.
 */
final class ConsoleServer extends Construct {

	static final int SERVER_PORT = 8080;

	/** Spring Boot's readiness probe, which the console leaves open to anonymous callers. */
	static final String HEALTH_CHECK_PATH = "/actuator/health/readiness";

	/**
	 * What the server needs.
	 *
	 * @param environment plain variables (database URL, queue, switches)
	 * @param databaseSecret the credentials, fields {@code username} and {@code password}
	 * @param sealingKey the key sealing providers' credentials, shared with the functions
	 * @param queue the deliveries queue the server's API enqueues on
	 * @param network the VPC, and the way to the database proxy
	 * @param logRetentionDays how long the server's logs are kept
	 */
	record Inputs(Map<String, String> environment, ISecret databaseSecret, ISecret sealingKey, IQueue queue,
			Network network, int logRetentionDays) {
	}

	private final ApplicationLoadBalancer loadBalancer;

	private final String scheme;

	ConsoleServer(Construct scope, String id, ConsoleSettings settings, Inputs inputs) {
		super(scope, id);
		this.scheme = (settings.certificateArn() != null) ? "https" : "http";
		this.loadBalancer = (settings.target() == ConsoleTarget.ECS) ? fargate(settings, inputs)
				: instance(settings, inputs);
	}

	private ApplicationLoadBalancer fargate(ConsoleSettings settings, Inputs inputs) {
		int logRetentionDays = inputs.logRetentionDays();
		Map<String, Secret> secrets = new LinkedHashMap<>();
		secrets.put("SPRING_DATASOURCE_USERNAME", Secret.fromSecretsManager(inputs.databaseSecret(), "username"));
		secrets.put("SPRING_DATASOURCE_PASSWORD", Secret.fromSecretsManager(inputs.databaseSecret(), "password"));
		secrets.put("HERALD_FUNCTIONS_SECRETSKEY", Secret.fromSecretsManager(inputs.sealingKey()));
		ApplicationLoadBalancedFargateService.Builder service = ApplicationLoadBalancedFargateService.Builder
			.create(this, "Service")
			.securityGroups(List.of(inputs.network()
				.restrictedSecurityGroup(this, "SecurityGroup", "Herald console server: HTTPS, SMTP and the proxy")))
			.cluster(Cluster.Builder.create(this, "Cluster").vpc(inputs.network().vpc()).build())
			.cpu(1024)
			.memoryLimitMiB(2048)
			.desiredCount(1)
			// One task: start the new one before stopping the old, and roll back a release that never gets healthy.
			.minHealthyPercent(100)
			.circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
			.publicLoadBalancer(true)
			.taskSubnets(inputs.network().privateSubnets())
			.taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
				.image(ContainerImage.fromRegistry(settings.image()))
				.containerPort(SERVER_PORT)
				.logDriver(LogDriver.awsLogs(AwsLogDriverProps.builder()
					.logGroup(LogGroup.Builder.create(this, "Logs")
						.retention(HeraldFunction.retention(logRetentionDays))
						.removalPolicy(RemovalPolicy.RETAIN)
						.build())
					.streamPrefix("console")
					.build()))
				.environment(inputs.environment())
				.secrets(secrets)
				.build());
		if (settings.certificateArn() != null) {
			service.protocol(ApplicationProtocol.HTTPS)
				.certificate(Certificate.fromCertificateArn(this, "Certificate", settings.certificateArn()))
				.redirectHttp(true);
		}
		ApplicationLoadBalancedFargateService fargate = service.build();
		fargate.getTargetGroup().configureHealthCheck(HealthCheck.builder().path(HEALTH_CHECK_PATH).build());
		inputs.queue().grantSendMessages(fargate.getTaskDefinition().getTaskRole());
		return fargate.getLoadBalancer();
	}

	private ApplicationLoadBalancer instance(ConsoleSettings settings, Inputs inputs) {
		Network network = inputs.network();
		Role role = Role.Builder.create(this, "Role")
			.assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
			.description("Herald console server: its jar, its secrets and the deliveries queue")
			.build();
		Asset jar = Asset.Builder.create(this, "ServerJar").path(settings.jar().toString()).build();
		// Exactly the one object, not the asset's grantRead (whose actions end in wildcards).
		role.addToPrincipalPolicy(PolicyStatement.Builder.create()
			.actions(List.of("s3:GetObject"))
			.resources(List.of(jar.getBucket().arnForObjects(jar.getS3ObjectKey())))
			.build());
		inputs.databaseSecret().grantRead(role);
		inputs.sealingKey().grantRead(role);
		inputs.queue().grantSendMessages(role);

		SecurityGroup securityGroup = network.restrictedSecurityGroup(this, "SecurityGroup",
				"Herald console server: HTTPS, SMTP and the proxy");
		Instance instance = Instance.Builder.create(this, "Instance")
			.vpc(network.vpc())
			.vpcSubnets(network.privateSubnets())
			.instanceType(new InstanceType(settings.instanceType()))
			.machineImage(MachineImage.latestAmazonLinux2023())
			.role(role)
			.securityGroup(securityGroup)
			.requireImdsv2(true)
			.userData(userData(jar, inputs))
			.build();
		Validations.of(instance).acknowledge(Acknowledgment.builder()
			.id("CloudFormation-Validate::W3010")
			.reason("The zone is the one of the operator's own subnet the instance is placed in")
			.build());
		// The aspect finds the launch template requireImdsv2 itself created, which already requires IMDSv2.
		Annotations.of(instance)
			.acknowledgeWarning("@aws-cdk/aws-ec2:imdsv2RequireImdsv2Aspect",
					"The instance's own launch template sets HttpTokens=required");

		ApplicationLoadBalancer loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
			.vpc(network.vpc())
			.internetFacing(true)
			.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
			.build();
		BaseApplicationListenerProps.Builder listener = BaseApplicationListenerProps.builder().open(true);
		if (settings.certificateArn() != null) {
			listener.port(443)
				.protocol(ApplicationProtocol.HTTPS)
				.certificates(List.of(ListenerCertificate.fromArn(settings.certificateArn())));
			loadBalancer.addRedirect();
		}
		else {
			listener.port(80).protocol(ApplicationProtocol.HTTP);
		}
		ApplicationListener applicationListener = loadBalancer.addListener("Listener", listener.build());
		// Instance targets open no ports by themselves: only the load balancer may reach the server.
		instance.getConnections().allowFrom(loadBalancer, Port.tcp(SERVER_PORT), "Load balancer to the server");
		applicationListener.addTargets("Server", AddApplicationTargetsProps.builder()
			.port(SERVER_PORT)
			.protocol(ApplicationProtocol.HTTP)
			.targets(List.of(new InstanceTarget(instance, SERVER_PORT)))
			.healthCheck(HealthCheck.builder().path(HEALTH_CHECK_PATH).interval(Duration.seconds(30)).build())
			.build());
		return loadBalancer;
	}

	/**
	 * Installs Java 25, fetches the jar and the secrets at boot (into a root-only file, never into the template), and
	 * runs the server as a systemd service under its own user.
	 */
	private UserData userData(Asset jar, Inputs inputs) {
		String region = Stack.of(this).getRegion();
		UserData userData = UserData.forLinux();
		userData.addCommands("set -euo pipefail", "dnf install -y java-25-amazon-corretto-headless jq",
				"useradd --system --home-dir /opt/herald --create-home herald",
				"aws s3 cp --region " + region + " s3://" + jar.getS3BucketName() + "/" + jar.getS3ObjectKey()
						+ " /opt/herald/herald-server.jar",
				"install -d -m 700 /etc/herald", "umask 077");
		StringBuilder env = new StringBuilder("AWS_REGION=" + region + "\n");
		inputs.environment().forEach((name, value) -> env.append(name).append('=').append(value).append('\n'));
		userData.addCommands("cat > /etc/herald/env <<'HERALD_ENV'\n" + env + "HERALD_ENV",
				"db=$(aws secretsmanager get-secret-value --region " + region + " --secret-id "
						+ inputs.databaseSecret().getSecretArn() + " --query SecretString --output text)",
				"echo \"SPRING_DATASOURCE_USERNAME=$(jq -r .username <<<\"$db\")\" >> /etc/herald/env",
				"echo \"SPRING_DATASOURCE_PASSWORD=$(jq -r .password <<<\"$db\")\" >> /etc/herald/env",
				"echo \"HERALD_FUNCTIONS_SECRETSKEY=$(aws secretsmanager get-secret-value --region " + region
						+ " --secret-id " + inputs.sealingKey().getSecretArn()
						+ " --query SecretString --output text)\" >> /etc/herald/env",
				"cat > /etc/systemd/system/herald.service <<'HERALD_UNIT'\n" + "[Unit]\nDescription=Herald server\n"
						+ "After=network-online.target\n[Service]\nUser=herald\nWorkingDirectory=/opt/herald\n"
						+ "EnvironmentFile=/etc/herald/env\n"
						+ "ExecStart=/usr/bin/java --enable-native-access=ALL-UNNAMED"
						+ " -jar /opt/herald/herald-server.jar"
						+ " --server.port=" + SERVER_PORT + "\nRestart=always\n[Install]\nWantedBy=multi-user.target\n"
						+ "HERALD_UNIT",
				"systemctl daemon-reload", "systemctl enable --now herald");
		return userData;
	}

	/** The console's public address. */
	String url() {
		return this.scheme + "://" + this.loadBalancer.getLoadBalancerDnsName();
	}

}
