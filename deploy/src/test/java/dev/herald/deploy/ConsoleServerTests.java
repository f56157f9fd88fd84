package dev.herald.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.render;
import static dev.herald.deploy.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** The optional console server: none, a Fargate service, or a JVM on EC2, each behind a load balancer. */
class ConsoleServerTests {

	/** The CDK bootstrap's assets bucket, as a pattern over the rendered template. */
	private static final String ASSETS_BUCKET = "cdk-hnb659fds-assets-\\$\\{AWS::AccountId}-\\$\\{AWS::Region}";

	@Test
	void shippedStackHasNoConsoleServer() {
		Template template = Stacks.shipped();
		for (String type : List.of("AWS::ECS::Service", "AWS::EC2::Instance",
				"AWS::ElasticLoadBalancingV2::LoadBalancer")) {
			assertThat(resources(template, type)).as(type).isEmpty();
		}
		assertThat(TemplateJson.outputs(template)).doesNotContainKey("ConsoleUrl");
	}

	@Test
	void ecsRunsTheServerImageWithItsSecretsInjectedAndDeliveringLeftToLambda() {
		Template template = Stacks.full();
		template.hasResourceProperties("AWS::ECS::Service", Map.of("LaunchType", "FARGATE", "NetworkConfiguration",
				Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "DISABLED"))),
				"DeploymentConfiguration", Match.objectLike(Map.of("MinimumHealthyPercent", 100,
						"DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true)))));
		Map<?, ?> container = (Map<?, ?>) ((List<?>) properties(
				resources(template, "AWS::ECS::TaskDefinition").values().iterator().next())
			.get("ContainerDefinitions")).get(0);
		assertThat(container.get("Image")).isEqualTo(Stacks.SERVER_IMAGE);
		assertThat(container.get("PortMappings")).isEqualTo(List.of(Map.of("ContainerPort", 8080, "Protocol", "tcp")));
		Map<String, String> environment = nameValues((List<?>) container.get("Environment"), "Value");
		String queue = DeliveryQueueTests.deliveriesQueue(template);
		assertThat(environment).containsEntry("HERALD_SERVER_WORKERS_ENABLED", "false")
			.containsEntry("HERALD_FUNCTIONS_QUEUE", "sqs")
			.containsEntry("HERALD_FUNCTIONS_SQS_QUEUEURL", "${" + queue + "}")
			.containsEntry("HERALD_CHANNELS_LOCAL_ENABLED", "false")
			.containsKey("SPRING_DATASOURCE_URL");
		// Secrets come from Secrets Manager at start, never as plain values in the task definition.
		assertThat(nameValues((List<?>) container.get("Secrets"), "ValueFrom")).containsExactlyInAnyOrderEntriesOf(
				Map.of("SPRING_DATASOURCE_USERNAME", Stacks.DATABASE_SECRET + ":username::",
						"SPRING_DATASOURCE_PASSWORD", Stacks.DATABASE_SECRET + ":password::",
						"HERALD_FUNCTIONS_SECRETSKEY", Stacks.EXISTING_SEALING_KEY));
	}

	@Test
	void ecsServesHttpsWithTheGivenCertificateAndRedirectsHttp() {
		Template template = Stacks.full();
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "HTTPS",
				"Certificates", List.of(Map.of("CertificateArn", Stacks.CERTIFICATE))));
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80, "DefaultActions",
				List.of(Match.objectLike(Map.of("Type", "redirect", "RedirectConfig",
						Map.of("Port", "443", "Protocol", "HTTPS", "StatusCode", "HTTP_301"))))));
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup",
				Map.of("HealthCheckPath", "/actuator/health/readiness", "TargetType", "ip"));
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
				Map.of("Scheme", "internet-facing"));
		assertThat(TemplateJson.outputs(template).get("ConsoleUrl")).startsWith("https://");
	}

	@Test
	void ecsLogsAreKeptLikeTheFunctions() {
		Template template = Stacks.full();
		Map<?, ?> container = (Map<?, ?>) ((List<?>) properties(
				resources(template, "AWS::ECS::TaskDefinition").values().iterator().next())
			.get("ContainerDefinitions")).get(0);
		Map<?, ?> options = (Map<?, ?>) ((Map<?, ?>) container.get("LogConfiguration")).get("Options");
		String group = render(options.get("awslogs-group")).replaceAll("^\\$\\{(.+)}$", "$1");
		assertThat(properties(resources(template).get(group))).containsEntry("RetentionInDays", 30);
	}

	@Test
	void jvmRunsTheServerJarOnAmazonLinuxWithJava25() {
		Template template = Stacks.jvm();
		Map<String, Map<String, Object>> instances = resources(template, "AWS::EC2::Instance");
		assertThat(instances).hasSize(1);
		Map<String, Object> instance = properties(instances.values().iterator().next());
		assertThat(instance).containsEntry("InstanceType", "t3.small")
			.containsEntry("SubnetId", "subnet-0aaaaaaaaaaaaaaa1");
		assertThat(((Map<?, ?>) template.toJSON().get("Parameters")).values())
			.anySatisfy((parameter) -> assertThat(((Map<?, ?>) parameter).get("Default").toString())
				.startsWith("/aws/service/ami-amazon-linux-latest/al2023-ami"));
		String userData = render(((Map<?, ?>) instance.get("UserData")).get("Fn::Base64"));
		assertThat(userData).contains("dnf install -y java-25-amazon-corretto-headless")
			.containsPattern("aws s3 cp .* s3://" + ASSETS_BUCKET + "/[0-9a-f]{64}\\.jar")
			.contains("ExecStart=/usr/bin/java --enable-native-access=ALL-UNNAMED -jar /opt/herald/herald-server.jar")
			.contains("HERALD_SERVER_WORKERS_ENABLED=false")
			.contains("User=herald")
			// Secrets are fetched on the instance into a root-only file: no value is in the template.
			.contains("install -d -m 700 /etc/herald")
			.contains("--secret-id " + Stacks.DATABASE_SECRET);
		String launchTemplate = TemplateJson.onlyId(template, "AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData",
				Map.of("MetadataOptions", Map.of("HttpTokens", "required"))));
		assertThat(render(((Map<?, ?>) instance.get("LaunchTemplate")).get("Version")))
			.isEqualTo("${" + launchTemplate + ".LatestVersionNumber}");
	}

	@Test
	void jvmIsReachableOnlyThroughItsLoadBalancerAndReachesTheProxy() {
		Template template = Stacks.jvm();
		String instanceGroup = TemplateJson.onlyId(template, "AWS::EC2::SecurityGroup",
				Map.of("GroupDescription", "Herald console server: HTTPS, SMTP and the proxy"));
		Map<String, Map<String, Object>> ingress = template.findResources("AWS::EC2::SecurityGroupIngress",
				Map.of("Properties", Match.objectLike(Map.of("GroupId",
						Map.of("Fn::GetAtt", List.of(instanceGroup, "GroupId"))))));
		assertThat(ingress).hasSize(1);
		Map<String, Object> rule = properties(ingress.values().iterator().next());
		assertThat(rule).containsEntry("FromPort", 8080).containsEntry("ToPort", 8080);
		String source = render(rule.get("SourceSecurityGroupId"));
		assertThat(source).startsWith("${ConsoleLoadBalancerSecurityGroup");
		assertThat(properties(resources(template).get(instanceGroup))).doesNotContainKey("SecurityGroupIngress");
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", 8080, "TargetType",
				"instance", "HealthCheckPath", "/actuator/health/readiness"));
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80, "Protocol", "HTTP"));
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
				Map.of("Subnets", List.of("subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2")));
		template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("GroupId", "sg-0123456789abcdef0",
				"SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(instanceGroup, "GroupId")), "FromPort", 5432));
	}

	@Test
	void consoleServersLeaveTheVpcOnlyLikeTheFunctions() {
		for (Template template : List.of(Stacks.full(), Stacks.jvm())) {
			String group = TemplateJson.onlyId(template, "AWS::EC2::SecurityGroup",
					Map.of("GroupDescription", "Herald console server: HTTPS, SMTP and the proxy"));
			List<?> egress = (List<?>) properties(resources(template).get(group)).get("SecurityGroupEgress");
			assertThat(egress).extracting((rule) -> ((Map<?, ?>) rule).get("IpProtocol") + "/"
					+ ((Map<?, ?>) rule).get("FromPort"))
				.doesNotContain("-1/null")
				.contains("tcp/443", "tcp/465", "tcp/587");
		}
	}

	@Test
	void jvmReadsExactlyItsOwnJarFromTheAssetsBucket() {
		Template template = Stacks.jvm();
		assertThat(TemplateJson.statements(template)).filteredOn((statement) -> statement.actions().stream()
			.anyMatch((action) -> action.startsWith("s3:")))
			.singleElement()
			.satisfies((statement) -> {
				assertThat(statement.actions()).containsExactly("s3:GetObject");
				assertThat(statement.resources()).singleElement()
					.asString()
					.matches("arn:\\$\\{AWS::Partition}:s3:::" + ASSETS_BUCKET + "/[0-9a-f]{64}\\.jar");
			});
	}

	private static Map<String, String> nameValues(List<?> entries, String valueKey) {
		return entries.stream()
			.map((entry) -> (Map<?, ?>) entry)
			.collect(java.util.stream.Collectors.toMap((entry) -> (String) entry.get("Name"),
					(entry) -> render(entry.get(valueKey))));
	}

}
