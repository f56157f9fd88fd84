package dev.herald.db;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/** Applies Herald's Flyway migrations; the server does the same through Spring Boot's Flyway support. */
public final class DatabaseMigrations {

	/** Where the migrations live, the Flyway default that Spring Boot also uses. */
	public static final String LOCATION = "classpath:db/migration";

	private DatabaseMigrations() {
	}

	public static void migrate(DataSource dataSource) {
		Flyway.configure().dataSource(dataSource).locations(LOCATION).load().migrate();
	}

}
