package dev.herald.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import dev.herald.deploy.HeraldSettings.FunctionSettings;

/**
 * One of Herald's Lambda functions: the shared artifact with one function definition selected, SnapStart on
 * published versions and an alias on the current version that event sources invoke, in the VPC, with its own role
 * holding only what it is granted and its own log group.
 */
final class HeraldFunction extends Construct {

	static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

	static final String MAIN_CLASS = "dev.herald.functions.lambda.HeraldLambdaApplication";

	/** The adapter reads the definition from this variable; Lambda variable names cannot hold dots. */
	static final String DEFINITION_VARIABLE = "spring_cloud_function_definition";

	/** JDK 25 warns about (and will later refuse) native access without it, e.g. from the runtime's own JNI code. */
	static final String JAVA_TOOL_OPTIONS = "--enable-native-access=ALL-UNNAMED";

	static final String ALIAS_NAME = "live";

	static final int ASYNC_RETRY_ATTEMPTS = 2;

	/** The statement id of the one statement on {@code *}: AWS allows these Describe actions on nothing narrower. */
	static final String ENI_DESCRIBE_SID = "DescribeNetworkInterfacesSupportsNoResourceLevelPermissions";

	/** The managed {@code java25} runtime (Amazon Linux 2023), which supports SnapStart. */
	static final Runtime RUNTIME = Runtime.JAVA_25;

	private final Function function;

	private final Alias alias;

	private final Role role;

	/**
	 * What differs between the functions.
	 *
	 * @param definition the Spring Cloud Function bean, e.g. {@code ingestSns}
	 * @param description shown in the console
	 * @param settings memory, timeout, reserved concurrency
	 * @param environment variables beyond the common ones
	 * @param deadLetterQueue where failed asynchronous invocations go after Lambda's retries, or {@code null} for a
	 * function that is only invoked synchronously
	 */
	record Spec(String definition, String description, FunctionSettings settings, Map<String, String> environment,
			IQueue deadLetterQueue) {
	}

	HeraldFunction(Construct scope, String id, Spec spec, Code code, Network network, int logRetentionDays) {
		super(scope, id);
		this.role = Role.Builder.create(this, "Role")
			.assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
			.description("Herald " + spec.definition() + ": only what the stack grants it")
			.build();
		LogGroup logs = LogGroup.Builder.create(this, "Logs")
			.retention(retention(logRetentionDays))
			.removalPolicy(RemovalPolicy.RETAIN)
			.build();
		logs.grantWrite(this.role);
		allowNetworkInterfaces(network);

		Map<String, String> environment = new LinkedHashMap<>();
		environment.put(DEFINITION_VARIABLE, spec.definition());
		environment.put("MAIN_CLASS", MAIN_CLASS);
		environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
		environment.putAll(spec.environment());
		Function.Builder function = Function.Builder.create(this, "Function")
			.description(spec.description())
			.runtime(RUNTIME)
			.architecture(Architecture.X86_64)
			.handler(HANDLER)
			.code(code)
			.memorySize(spec.settings().memoryMb())
			.timeout(Duration.seconds(spec.settings().timeout().toSeconds()))
			.reservedConcurrentExecutions(spec.settings().reservedConcurrency())
			.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
			.role(this.role)
			.logGroup(logs)
			.vpc(network.vpc())
			.vpcSubnets(network.privateSubnets())
			.securityGroups(List.of(network.functionsSecurityGroup()))
			.environment(environment);
		if (spec.deadLetterQueue() != null) {
			// Part of the versioned configuration, so the published version behind the alias has it too.
			function.deadLetterQueue(spec.deadLetterQueue());
		}
		this.function = function.build();
		// SnapStart applies to published versions only: everything that invokes goes through this alias.
		Alias.Builder alias = Alias.Builder.create(this, "Alias")
			.aliasName(ALIAS_NAME)
			.version(this.function.getCurrentVersion());
		if (spec.deadLetterQueue() != null) {
			// Asynchronous invocations (SNS): retried twice, then dead-lettered. Invoke configuration is per
			// qualifier, so it belongs on the alias that is invoked, not on $LATEST.
			alias.retryAttempts(ASYNC_RETRY_ATTEMPTS).maxEventAge(Duration.hours(6));
		}
		this.alias = alias.build();
		Annotations.of(this.function)
			.acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
					"The live alias publishes the current version, and SnapStart applies to it");
	}

	/**
	 * Lambda creates the function's network interfaces with the execution role. What
	 * {@code AWSLambdaVPCAccessExecutionRole} grants on every resource is scoped here to this account's interfaces
	 * in the functions' subnets and security group; only the two Describe actions stay on {@code *}, as AWS requires
	 * (they support no resource-level permissions).
	 */
	private void allowNetworkInterfaces(Network network) {
		Stack stack = Stack.of(this);
		String anyInterface = stack.formatArn(ArnComponents.builder()
			.service("ec2")
			.resource("network-interface")
			.resourceName("*")
			.arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
			.build());
		List<String> subnets = network.vpc()
			.selectSubnets(network.privateSubnets())
			.getSubnets()
			.stream()
			.map(ISubnet::getSubnetId)
			.map((subnetId) -> stack.formatArn(ArnComponents.builder()
				.service("ec2")
				.resource("subnet")
				.resourceName(subnetId)
				.arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
				.build()))
			.toList();
		String securityGroup = stack.formatArn(ArnComponents.builder()
			.service("ec2")
			.resource("security-group")
			.resourceName(network.functionsSecurityGroup().getSecurityGroupId())
			.arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
			.build());
		this.role.addToPrincipalPolicy(PolicyStatement.Builder.create()
			.sid(ENI_DESCRIBE_SID)
			.actions(List.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"))
			.resources(List.of("*"))
			.build());
		List<String> createResources = new ArrayList<>(subnets);
		createResources.add(anyInterface);
		createResources.add(securityGroup);
		this.role.addToPrincipalPolicy(PolicyStatement.Builder.create()
			.actions(List.of("ec2:CreateNetworkInterface"))
			.resources(createResources)
			.build());
		this.role.addToPrincipalPolicy(PolicyStatement.Builder.create()
			.actions(List.of("ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
					"ec2:UnassignPrivateIpAddresses"))
			.resources(List.of(anyInterface))
			.build());
	}

	/** Days of each {@link RetentionDays} constant but {@code INFINITE}, in declaration order. */
	private static final int[] RETENTION_DAYS = { 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
			1827, 2192, 2557, 2922, 3288, 3653 };

	/** The shortest retention CloudWatch offers that keeps logs at least {@code days}. */
	static RetentionDays retention(int days) {
		for (int i = 0; i < RETENTION_DAYS.length; i++) {
			if (RETENTION_DAYS[i] >= days) {
				return RetentionDays.values()[i];
			}
		}
		return RetentionDays.INFINITE;
	}

	Function function() {
		return this.function;
	}

	Alias alias() {
		return this.alias;
	}

	Role role() {
		return this.role;
	}

}
