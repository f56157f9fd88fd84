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

/** Where the functions run and what they may reach. */
class NetworkTests {

	@Test
	void functionsRunInTheConfiguredPrivateSubnetsWithTheirOwnSecurityGroup() {
		Template template = Stacks.shipped();
		String group = functionsSecurityGroup(template);
		resources(template, "AWS::Lambda::Function").values()
			.forEach((function) -> assertThat(properties(function)).containsEntry("VpcConfig",
					Map.of("SubnetIds", List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"),
							"SecurityGroupIds", List.of(Map.of("Fn::GetAtt", List.of(group, "GroupId"))))));
		assertThat(resources(template, "AWS::EC2::VPC")).isEmpty();
	}

	@Test
	void functionsMayReachHttpsSmtpSubmissionAndTheProxyOnly() {
		Template template = Stacks.shipped();
		String group = functionsSecurityGroup(template);
		List<?> egress = (List<?>) properties(resources(template).get(group)).get("SecurityGroupEgress");
		assertThat(egress.stream().map((rule) -> ((Map<?, ?>) rule).get("CidrIp") + ":" + ((Map<?, ?>) rule)
			.get("FromPort") + "-" + ((Map<?, ?>) rule).get("ToPort") + "/" + ((Map<?, ?>) rule).get("IpProtocol")))
			.containsExactlyInAnyOrder("0.0.0.0/0:443-443/tcp", "0.0.0.0/0:465-465/tcp", "0.0.0.0/0:587-587/tcp");
		template.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of("GroupId",
				Map.of("Fn::GetAtt", List.of(group, "GroupId")), "DestinationSecurityGroupId", "sg-0123456789abcdef0",
				"FromPort", 5432, "ToPort", 5432, "IpProtocol", "tcp"));
		// And the proxy lets exactly this group in.
		template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("GroupId", "sg-0123456789abcdef0",
				"SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(group, "GroupId")), "FromPort", 5432));
	}

	@Test
	void withoutAVpcTheStackCreatesOneAndReachesTheProxyInsideIt() {
		Template template = Stacks.full();
		Map<String, Map<String, Object>> vpcs = resources(template, "AWS::EC2::VPC");
		assertThat(vpcs).hasSize(1);
		String vpc = vpcs.keySet().iterator().next();
		String group = functionsSecurityGroup(template);
		List<?> egress = (List<?>) properties(resources(template).get(group)).get("SecurityGroupEgress");
		assertThat(egress).anySatisfy((rule) -> {
			assertThat(((Map<?, ?>) rule).get("CidrIp")).isEqualTo(Map.of("Fn::GetAtt", List.of(vpc, "CidrBlock")));
			assertThat(((Map<?, ?>) rule).get("FromPort")).isEqualTo(5432);
		});
		resources(template, "AWS::Lambda::Function").values().forEach((function) -> {
			List<?> subnets = (List<?>) ((Map<?, ?>) properties(function).get("VpcConfig")).get("SubnetIds");
			assertThat(subnets).hasSize(2).allSatisfy((subnet) -> {
				String id = render(subnet).replaceAll("^\\$\\{(.+)}$", "$1");
				assertThat(id).contains("private");
				assertThat(properties(resources(template).get(id))).containsEntry("MapPublicIpOnLaunch", false);
			});
		});
	}

	@Test
	void functionsConnectToTheProxyOverTls() {
		Stacks.shipped()
			.hasResourceProperties("AWS::Lambda::Function",
					Map.of("Environment", Map.of("Variables", Match.objectLike(
							Map.of("HERALD_DB_URL", Match.stringLikeRegexp(".*\\?sslmode=require$"))))));
	}

	private static String functionsSecurityGroup(Template template) {
		return TemplateJson.onlyId(template, "AWS::EC2::SecurityGroup",
				Map.of("GroupDescription", "Herald functions: HTTPS, SMTP submission and the database proxy only"));
	}

}
