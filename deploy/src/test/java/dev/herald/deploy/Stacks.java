package dev.herald.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesized stacks for the tests: the shipped {@code cdk.json} context (what {@code cdk synth} deploys), with a
 * small stand-in for the functions' jar and flat {@code herald.*} overrides per variant. jsii starts one node process
 * per JVM and every synthesis costs seconds, so each variant is synthesized once and shared between test classes.
 */
final class Stacks {

	/** Where each template's cloud assembly was written, with CDK's validation report if it found anything. */
	static final Map<Template, Path> OUTDIRS = new ConcurrentHashMap<>();

	static final Path STAND_IN_JAR = standInJar("notification-functions-test-aws.jar");

	static final Path STAND_IN_SERVER_JAR = standInJar("herald-server.jar");

	static final String EXISTING_SEALING_KEY = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:herald/key-XyZ123";

	static final String SES_IDENTITY = "arn:aws:ses:eu-west-1:123456789012:identity/shop.example.com";

	static final String SES_CONFIGURATION_SET = "arn:aws:ses:eu-west-1:123456789012:configuration-set/herald";

	static final String PUSH_APPLICATION = "arn:aws:sns:eu-west-1:123456789012:app/GCM/shop";

	static final String DATABASE_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:herald/db-AbCdEf";

	static final String CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706";

	static final String SERVER_IMAGE = "ghcr.io/herald/herald-server:0.1.0";

	/**
	 * Every option the other way round: a new VPC without the proxy's group, KMS on the topics, publishers from
	 * other accounts, AWS sending for tenants, an alarm e-mail, longer deliveries in bigger batches, an existing
	 * sealing key, and the console on ECS behind HTTPS.
	 */
	static Template full() {
		return Full.TEMPLATE;
	}

	/** The shipped configuration: an existing VPC, proxy security group, no console, no instance credentials. */
	static Template shipped() {
		return Shipped.TEMPLATE;
	}

	/** The console as a plain JVM on EC2, in the shipped VPC, over plain HTTP. */
	static Template jvm() {
		return Jvm.TEMPLATE;
	}

	/** The shipped configuration with SES event publishing for two tenants. */
	static Template sesStatus() {
		return SesStatus.TEMPLATE;
	}

	/** Every variant, for the checks that hold for all of them. */
	static Map<String, Template> all() {
		return Map.of("shipped", shipped(), "full", full(), "jvm", jvm());
	}

	/** Each variant is synthesized on first use only, then shared. */
	private static final class Shipped {

		static final Template TEMPLATE = synth(Map.of());

	}

	private static final class Jvm {

		static final Template TEMPLATE = synth(Map.of("herald.console.target", "jvm"));

	}

	private static final class SesStatus {

		static final Template TEMPLATE = synth(Map.of("herald.sesStatus.tenants", "acme,globex-shop"));

	}

	private static final class Full {

		static final Template TEMPLATE = synth(Map.ofEntries(Map.entry("herald.network.vpcId", ""),
				Map.entry("herald.database.proxySecurityGroupId", ""),
				Map.entry("herald.topics.kmsKey", "alias/aws/sns"),
				Map.entry("herald.topics.publisherAccounts", "111122223333,444455556666"),
				Map.entry("herald.sending.sesIdentityArns", SES_IDENTITY),
				Map.entry("herald.sending.sesConfigurationSetArns", SES_CONFIGURATION_SET),
				Map.entry("herald.sending.sms", "true"),
				Map.entry("herald.sending.pushApplicationArns", PUSH_APPLICATION),
				Map.entry("herald.alarms.email", "ops@shop.example.com"),
				Map.entry("herald.functions.deliver.timeoutSeconds", "120"),
				Map.entry("herald.delivery.batchSize", "50"),
				Map.entry("herald.delivery.maxBatchingWindowSeconds", "5"),
				Map.entry("herald.secretsKeySecretArn", EXISTING_SEALING_KEY),
				Map.entry("herald.console.target", "ecs"), Map.entry("herald.console.image", SERVER_IMAGE),
				Map.entry("herald.console.certificateArn", CERTIFICATE)));

	}

	private Stacks() {
	}

	/** The stack as cdk.json configures it, with {@code overrides} as {@code -c herald.<path>=<value>} would. */
	static HeraldStack stack(Map<String, Object> overrides) {
		Map<String, Object> context = new LinkedHashMap<>(HeraldDeployApp.cdkJsonContext(Path.of("cdk.json")));
		context.put("herald.functionsJar", STAND_IN_JAR.toString());
		context.put("herald.console.jar", STAND_IN_SERVER_JAR.toString());
		context.putAll(overrides);
		App app = new App(AppProps.builder().context(context).build());
		HeraldSettings settings = SettingsReader.read(app.getNode()::tryGetContext);
		return new HeraldStack(app, "Herald", StackProps.builder().build(), settings);
	}

	static Template synth(Map<String, Object> overrides) {
		HeraldStack stack = stack(overrides);
		Template template = Template.fromStack(stack);
		OUTDIRS.put(template, Path.of(Stage.of(stack).getOutdir()));
		return template;
	}

	private static Path standInJar(String name) {
		try {
			Path directory = Files.createTempDirectory("herald-deploy-tests");
			Path jar = directory.resolve(name);
			try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
				zip.putNextEntry(new ZipEntry("stand-in.txt"));
				zip.write("not the real artifact: the tests check the template, not the code".getBytes());
				zip.closeEntry();
			}
			directory.toFile().deleteOnExit();
			jar.toFile().deleteOnExit();
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
