package dev.herald.deploy;

import java.util.List;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.constructs.Construct;

import dev.herald.deploy.HeraldSettings.DatabaseSettings;
import dev.herald.deploy.HeraldSettings.NetworkSettings;

/**
 * The VPC Herald runs in (an existing one from settings, or a new one) and the security groups of its compute,
 * whose only ways out are HTTPS (AWS APIs and the providers' endpoints), SMTP submission and the database proxy.
 */
final class Network extends Construct {

	private final IVpc vpc;

	private final SecurityGroup functionsSecurityGroup;

	private final ISecurityGroup proxySecurityGroup;

	private final int databasePort;

	private final List<Integer> smtpPorts;

	Network(Construct scope, String id, NetworkSettings settings, DatabaseSettings database) {
		super(scope, id);
		this.vpc = settings.createsVpc() ? createVpc() : importVpc(settings);
		this.smtpPorts = settings.smtpPorts();
		this.databasePort = database.port();
		this.proxySecurityGroup = (database.proxySecurityGroupId() != null)
				? SecurityGroup.fromSecurityGroupId(this, "ProxySecurityGroup", database.proxySecurityGroupId()) : null;
		this.functionsSecurityGroup = restrictedSecurityGroup(this, "FunctionsSecurityGroup",
				"Herald functions: HTTPS, SMTP submission and the database proxy only");
	}

	/**
	 * A security group whose only ways out are HTTPS (AWS APIs, providers, package and image registries), SMTP
	 * submission and the database proxy, which in turn lets it in.
	 */
	SecurityGroup restrictedSecurityGroup(Construct scope, String id, String description) {
		SecurityGroup group = SecurityGroup.Builder.create(scope, id)
			.vpc(this.vpc)
			.description(description)
			.allowAllOutbound(false)
			.build();
		IPeer anywhere = Peer.anyIpv4();
		group.addEgressRule(anywhere, Port.tcp(443), "HTTPS: AWS APIs and providers");
		for (int port : this.smtpPorts) {
			group.addEgressRule(anywhere, Port.tcp(port), "SMTP submission");
		}
		if (this.proxySecurityGroup != null) {
			// Both sides: egress from the group and ingress on the proxy's group, each scoped to the other.
			group.getConnections().allowTo(this.proxySecurityGroup, Port.tcp(this.databasePort), "RDS Proxy");
		}
		else {
			group.addEgressRule(Peer.ipv4(this.vpc.getVpcCidrBlock()), Port.tcp(this.databasePort),
					"RDS Proxy in the VPC");
		}
		return group;
	}

	private IVpc createVpc() {
		return Vpc.Builder.create(this, "Vpc")
			.maxAzs(2)
			.natGateways(1)
			.subnetConfiguration(List.of(
					SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
					SubnetConfiguration.builder()
						.name("private")
						.subnetType(SubnetType.PRIVATE_WITH_EGRESS)
						.cidrMask(20)
						.build()))
			.build();
	}

	private IVpc importVpc(NetworkSettings settings) {
		VpcAttributes.Builder attributes = VpcAttributes.builder()
			.vpcId(settings.vpcId())
			.availabilityZones(settings.availabilityZones())
			.privateSubnetIds(settings.privateSubnetIds());
		if (settings.vpcCidr() != null) {
			attributes.vpcCidrBlock(settings.vpcCidr());
		}
		if (!settings.publicSubnetIds().isEmpty()) {
			attributes.publicSubnetIds(settings.publicSubnetIds());
		}
		IVpc vpc = Vpc.fromVpcAttributes(this, "Vpc", attributes.build());
		Annotations.of(vpc)
			.acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
					"Herald only places resources in the operator's subnets; it never reads or changes their routes");
		return vpc;
	}

	IVpc vpc() {
		return this.vpc;
	}

	SecurityGroup functionsSecurityGroup() {
		return this.functionsSecurityGroup;
	}

	SubnetSelection privateSubnets() {
		return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
	}

}
