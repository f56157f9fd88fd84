package dev.herald.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import dev.herald.deploy.HeraldSettings.AlarmSettings;
import dev.herald.deploy.HeraldSettings.ConsoleSettings;
import dev.herald.deploy.HeraldSettings.ConsoleTarget;
import dev.herald.deploy.HeraldSettings.DatabaseSettings;
import dev.herald.deploy.HeraldSettings.DeliverySettings;
import dev.herald.deploy.HeraldSettings.FunctionSettings;
import dev.herald.deploy.HeraldSettings.HttpApiSettings;
import dev.herald.deploy.HeraldSettings.NetworkSettings;
import dev.herald.deploy.HeraldSettings.SendingSettings;
import dev.herald.deploy.HeraldSettings.SesStatusSettings;
import dev.herald.deploy.HeraldSettings.TopicSettings;

/**
 * Reads {@link HeraldSettings} from the CDK context: the object under {@code herald} (cdk.json), where a flat key
 * {@code herald.<path>} (from {@code cdk synth -c herald.console.target=ecs}) wins over the nested value.
 */
final class SettingsReader {

	static final String CONTEXT_KEY = "herald";

	/** The Herald version this module was built with, naming the functions' artifact. */
	static final String VERSION = version();

	static final String DEFAULT_FUNCTIONS_JAR = "../notification-functions/target/notification-functions-" + VERSION
			+ "-aws.jar";

	static final String DEFAULT_SERVER_JAR = "../web-console/target/herald-server.jar";

	/** Every provider Herald has, by channel: each gets a failure-rate alarm unless the operator lists fewer. */
	static final List<String> ALL_DELIVERY_PROVIDERS = List.of("email/smtp", "email/ses", "sms/twilio", "sms/sns-sms",
			"push/webpush", "push/fcm", "push/apns", "push/sns-push");

	private final Map<?, ?> nested;

	private final Function<String, Object> context;

	private SettingsReader(Function<String, Object> context) {
		this.context = context;
		Object herald = context.apply(CONTEXT_KEY);
		this.nested = (herald instanceof Map<?, ?> map) ? map : Map.of();
	}

	/** Reads the settings through a context lookup, e.g. {@code app.getNode()::tryGetContext}. */
	static HeraldSettings read(Function<String, Object> context) {
		return new SettingsReader(context).settings();
	}

	private HeraldSettings settings() {
		return new HeraldSettings(Path.of(string("functionsJar", DEFAULT_FUNCTIONS_JAR)),
				function("functions.ingest", 512, 30, 20), function("functions.ingestHttp", 512, 30, 10),
				function("functions.deliver", 1024, 60, 20), function("functions.replay", 512, 300, 1),
				function("functions.sweep", 512, 60, 1),
				new DeliverySettings(integer("delivery.batchSize", 10), integer("delivery.maxConcurrency", 10),
						integer("delivery.maxReceiveCount", 5),
						Duration.ofSeconds(integer("delivery.maxBatchingWindowSeconds", 0))),
				new TopicSettings(string("topics.kmsKey", null), strings("topics.publisherAccounts")),
				new DatabaseSettings(string("database.proxyEndpoint", null), integer("database.port", 5432),
						string("database.name", "herald"), string("database.secretArn", null),
						string("database.proxySecurityGroupId", null)),
				new NetworkSettings(string("network.vpcId", null), string("network.vpcCidr", null),
						strings("network.availabilityZones"),
						strings("network.privateSubnetIds"), strings("network.publicSubnetIds"),
						strings("network.smtpPorts", "465", "587").stream().map(Integer::valueOf).toList()),
				new SendingSettings(strings("sending.sesIdentityArns"), strings("sending.sesConfigurationSetArns"),
						bool("sending.sms", false), strings("sending.pushApplicationArns")),
				new HttpApiSettings(strings("httpApi.corsAllowOrigins", "*"),
						integer("httpApi.throttleRatePerSecond", 50), integer("httpApi.throttleBurst", 100)),
				new AlarmSettings(string("alarms.email", null), integer("alarms.errorThreshold", 5),
						number("alarms.failureRatePercent", 5),
						strings("alarms.deliveryProviders", ALL_DELIVERY_PROVIDERS.toArray(String[]::new))),
				new ConsoleSettings(
						ConsoleTarget.valueOf(string("console.target", "none").toUpperCase(Locale.ROOT)),
						string("console.image", null), Path.of(string("console.jar", DEFAULT_SERVER_JAR)),
						string("console.certificateArn", null), string("console.instanceType", "t3.small")),
				string("secretsKeySecretArn", null), integer("logRetentionDays", 30), environment(),
				function("functions.providerStatus", 512, 30, 5), new SesStatusSettings(strings("sesStatus.tenants")),
				function("functions.webhooks", 512, 60, 1));
	}

	private FunctionSettings function(String path, int memoryMb, int timeoutSeconds, int reservedConcurrency) {
		return new FunctionSettings(integer(path + ".memoryMb", memoryMb),
				Duration.ofSeconds(integer(path + ".timeoutSeconds", timeoutSeconds)),
				integer(path + ".reservedConcurrency", reservedConcurrency));
	}

	private Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		if (value("environment") instanceof Map<?, ?> map) {
			map.forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));
		}
		return environment;
	}

	private Object value(String path) {
		Object flat = this.context.apply(CONTEXT_KEY + "." + path);
		if (flat != null) {
			return flat;
		}
		Object current = this.nested;
		for (String part : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}

	private String string(String path, String fallback) {
		Object value = value(path);
		return (value == null || String.valueOf(value).isBlank()) ? fallback : String.valueOf(value);
	}

	private int integer(String path, int fallback) {
		Object value = value(path);
		if (value instanceof Number number) {
			return number.intValue();
		}
		return (value != null) ? Integer.parseInt(String.valueOf(value).trim()) : fallback;
	}

	private double number(String path, double fallback) {
		Object value = value(path);
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		return (value != null) ? Double.parseDouble(String.valueOf(value).trim()) : fallback;
	}

	private boolean bool(String path, boolean fallback) {
		Object value = value(path);
		if (value instanceof Boolean flag) {
			return flag;
		}
		return (value != null) ? Boolean.parseBoolean(String.valueOf(value).trim()) : fallback;
	}

	/** A JSON list, or a comma-separated string as {@code -c} passes it. */
	private List<String> strings(String path, String... fallback) {
		Object value = value(path);
		if (value == null) {
			return List.of(fallback);
		}
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return Arrays.stream(String.valueOf(value).split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
	}

	private static String version() {
		Properties properties = new Properties();
		try (InputStream in = SettingsReader.class.getResourceAsStream("deploy.properties")) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties.getProperty("herald.version");
	}

}
