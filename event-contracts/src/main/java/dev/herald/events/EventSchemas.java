package dev.herald.events;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

/** The JSON Schemas of Herald events, read from this module's resources once per JVM. */
final class EventSchemas {

	/** The schemas' own ids start with this; they live next to each other, so their {@code $ref}s are relative. */
	static final String BASE_ID = "https://herald.dev/schemas/events/";

	/** Where the schemas are published on the class path. */
	static final String RESOURCES = "dev/herald/events/schemas/";

	private static final Schema ENVELOPE = load("cloudevent.schema.json");

	private EventSchemas() {
	}

	/** The envelope schema, which also checks {@code data} against the schema of the event's type. */
	static Schema envelope() {
		return ENVELOPE;
	}

	private static Schema load(String name) {
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.pathType(PathType.JSON_PATH)
			// Draft 2020-12 makes "format" an annotation only; Herald means it.
			.formatAssertionsEnabled(true)
			.build();
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder.schemaRegistryConfig(config)
					// Resolve the ids locally: validating must never reach out to the network.
					.schemaIdResolvers((resolvers) -> resolvers.mapPrefix(BASE_ID, "classpath:" + RESOURCES)));
		Schema schema = registry.getSchema(SchemaLocation.of(BASE_ID + name));
		// Resolve every $ref now, so that a broken schema fails at start-up and validating needs no locks.
		schema.initializeValidators();
		return schema;
	}

}
