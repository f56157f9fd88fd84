package dev.herald.deploy;

import java.util.List;

import software.amazon.awscdk.services.ec2.IConnectable;
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
 * The VPC the functions run in (an existing one from settings, or a new one) and their security group, whose only
 * way out is HTTPS (AWS APIs and the providers' endpoints), SMTP submission and the database proxy.
 */
final class Network extends Construct {

	private final IVpc vpc;

	private final SecurityGroup functionsSecurityGroup;

	private final ISecurityGroup proxySecurityGroup;

	private final int databasePort;

	Network(Construct scope, String id, NetworkSettings settings, DatabaseSettings database) {
		super(scope, id);
		this.vpc = settings.createsVpc() ? createVpc() : importVpc(settings);
		this.functionsSecurityGroup = SecurityGroup.Builder.create(this, "FunctionsSecurityGroup")
			.vpc(this.vpc)
			.description("Herald functions: HTTPS, SMTP submission and the database proxy only")
			.allowAllOutbound(false)
			.build();
		IPeer anywhere = Peer.anyIpv4();
		this.functionsSecurityGroup.addEgressRule(anywhere, Port.tcp(443), "HTTPS: AWS APIs and providers");
		for (int port : settings.smtpPorts()) {
			this.functionsSecurityGroup.addEgressRule(anywhere, Port.tcp(port), "SMTP submission");
		}
		this.databasePort = database.port();
		this.proxySecurityGroup = (database.proxySecurityGroupId() != null)
				? SecurityGroup.fromSecurityGroupId(this, "ProxySecurityGroup", database.proxySecurityGroupId()) : null;
		if (this.proxySecurityGroup != null) {
			allowDatabaseFrom(this.functionsSecurityGroup);
		}
		else {
			this.functionsSecurityGroup.addEgressRule(Peer.ipv4(this.vpc.getVpcCidrBlock()),
					Port.tcp(database.port()), "RDS Proxy in the VPC");
		}
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
		return Vpc.fromVpcAttributes(this, "Vpc", attributes.build());
	}

	/**
	 * Lets {@code client} reach the proxy: egress from the client and ingress on the proxy's group, both scoped to
	 * the other's group. Without the proxy's group the client's own egress rules decide.
	 */
	void allowDatabaseFrom(IConnectable client) {
		if (this.proxySecurityGroup != null) {
			client.getConnections().allowTo(this.proxySecurityGroup, Port.tcp(this.databasePort), "RDS Proxy");
		}
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
