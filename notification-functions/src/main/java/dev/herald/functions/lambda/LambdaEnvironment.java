package dev.herald.functions.lambda;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Prepares the Lambda application's environment, once, at init (so a SnapStart snapshot includes it); does nothing
 * in any other application. It activates the {@value #PROFILE} profile ({@code application-lambda.properties}) and
 * turns Herald's environment variables into properties:
 * <ul>
 * <li>{@code HERALD_DB_URL}, {@code HERALD_DB_USER}, {@code HERALD_DB_PASSWORD}: the database (e.g. the RDS Proxy
 * endpoint);</li>
 * <li>{@code HERALD_DB_SECRET_ARN}: a Secrets Manager secret in RDS's format ({@code username}, {@code password},
 * and {@code host}, {@code port}, {@code dbname} used when {@code HERALD_DB_URL} is not set), read instead of the
 * plain user and password;</li>
 * <li>{@code HERALD_SECRETS_KEY}, or {@code HERALD_SECRETS_KEY_SECRET_ARN} naming a secret holding it (plain, or as
 * JSON {@code {"key": …}}): the key sealing providers' credentials;</li>
 * <li>{@code HERALD_DELIVERY_QUEUE_URL}: the SQS delivery queue;</li>
 * <li>{@code HERALD_DELIVERY_DLQ_URL}: its dead-letter queue, for {@code replayDeadLetters}.</li>
 * </ul>
 * Standard Spring variables ({@code SPRING_DATASOURCE_URL}…) still override these.
 */
class LambdaEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String PROFILE = "lambda";

	static final String APPLICATION = "dev.herald.functions.lambda.HeraldLambdaApplication";

	private final Log logger;

	LambdaEnvironment(DeferredLogFactory logs) {
		this.logger = logs.getLog(LambdaEnvironment.class);
	}

	/** Before config data is read, so that the profile's file is. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 5;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!isLambdaApplication(application)) {
			return;
		}
		Set<String> profiles = new LinkedHashSet<>(application.getAdditionalProfiles());
		profiles.add(PROFILE);
		application.setAdditionalProfiles(profiles.toArray(String[]::new));
		Map<String, Object> properties = properties(System::getenv, this.logger);
		if (!properties.isEmpty()) {
			MapPropertySource source = new MapPropertySource("heraldLambdaEnvironment", properties);
			if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
				environment.getPropertySources()
					.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
			}
			else {
				environment.getPropertySources().addLast(source);
			}
		}
	}

	private static boolean isLambdaApplication(SpringApplication application) {
		// By name: the server never loads a Lambda class through this check.
		return (application.getMainApplicationClass() != null
				&& application.getMainApplicationClass().getName().equals(APPLICATION))
				|| application.getAllSources().stream().anyMatch((source) -> source instanceof Class<?> type
						&& type.getName().equals(APPLICATION));
	}

	/** The properties Herald's environment variables give, secrets read from Secrets Manager where named. */
	static Map<String, Object> properties(Function<String, String> variables, Log logger) {
		Map<String, Object> properties = new LinkedHashMap<>();
		put(properties, "spring.datasource.url", variables.apply("HERALD_DB_URL"));
		put(properties, "spring.datasource.username", variables.apply("HERALD_DB_USER"));
		put(properties, "spring.datasource.password", variables.apply("HERALD_DB_PASSWORD"));
		put(properties, "herald.functions.secrets-key", variables.apply("HERALD_SECRETS_KEY"));
		put(properties, "herald.functions.sqs.queue-url", variables.apply("HERALD_DELIVERY_QUEUE_URL"));
		put(properties, "herald.functions.sqs.dead-letter-queue-url", variables.apply("HERALD_DELIVERY_DLQ_URL"));
		String databaseSecret = variables.apply("HERALD_DB_SECRET_ARN");
		String keySecret = variables.apply("HERALD_SECRETS_KEY_SECRET_ARN");
		if (hasText(databaseSecret) || hasText(keySecret)) {
			// Only here: the Secrets Manager client's classes load only when a secret is to be read.
			try (SecretsManagerSecrets secrets = new SecretsManagerSecrets()) {
				if (hasText(databaseSecret)) {
					Map<String, String> database = secrets.json(databaseSecret);
					put(properties, "spring.datasource.username", database.get("username"));
					put(properties, "spring.datasource.password", database.get("password"));
					if (!hasText(variables.apply("HERALD_DB_URL")) && hasText(database.get("host"))) {
						put(properties, "spring.datasource.url", "jdbc:postgresql://" + database.get("host") + ":"
								+ database.getOrDefault("port", "5432") + "/" + database.getOrDefault("dbname", "postgres"));
					}
					logger.info("Read the database credentials from Secrets Manager");
				}
				if (hasText(keySecret)) {
					put(properties, "herald.functions.secrets-key", secrets.key(keySecret));
					logger.info("Read the providers' sealing key from Secrets Manager");
				}
			}
		}
		return properties;
	}

	private static void put(Map<String, Object> properties, String name, String value) {
		if (hasText(value)) {
			properties.put(name, value);
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
