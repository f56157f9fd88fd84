package dev.herald.db;

import java.util.List;

import dev.herald.db.testing.TestData;
import dev.herald.db.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseMigrationsIntegrationTests {

	private static final List<String> TABLES = List.of("api_keys", "console_users", "deliveries",
			"delivery_attempts", "delivery_status_events", "devices", "events", "flyway_schema_history",
			"provider_configs", "rejected_events", "sns_api_access_keys", "sns_api_subscriptions", "sns_api_topics",
			"sns_messages", "sns_subscriptions", "sns_topics", "subscriptions", "suppressions", "template_versions",
			"templates", "tenants", "webhook_attempts", "webhook_endpoints", "webhook_messages");

	private final TestDatabase database = TestDatabase.shared();

	private final JdbcClient jdbc = this.database.jdbcClient();

	@Test
	void theMigrationsBuildTheWholeSchemaFromNothingAndASecondRunChangesNothing() {
		String schema = TestData.unique("migration_test").replace('-', '_');
		// A separate connection, so Flyway's search_path never leaks into the pooled connections other tests use.
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.database.jdbcUrl(),
				this.database.username(), this.database.password());
		Flyway flyway = Flyway.configure()
			.dataSource(dataSource)
			.locations(DatabaseMigrations.LOCATION)
			.schemas(schema)
			.load();
		try {
			int available = flyway.info().pending().length;
			MigrateResult first = flyway.migrate();
			assertThat(first.success).isTrue();
			assertThat(first.migrationsExecuted).isEqualTo(available).isPositive();
			assertThat(tablesIn(schema)).containsExactlyElementsOf(TABLES);

			MigrateResult second = flyway.migrate();

			assertThat(second.success).isTrue();
			assertThat(second.migrationsExecuted).isZero();
			assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
			assertThat(tablesIn(schema)).containsExactlyElementsOf(TABLES);
		}
		finally {
			this.jdbc.sql("drop schema if exists " + schema + " cascade").update();
		}
	}

	@Test
	void migratingAnUpToDateDatabaseAgainIsANoOp() {
		int historyBefore = historyRows();

		DatabaseMigrations.migrate(this.database.dataSource());

		assertThat(historyRows()).isEqualTo(historyBefore);
		Flyway flyway = Flyway.configure()
			.dataSource(this.database.dataSource())
			.locations(DatabaseMigrations.LOCATION)
			.load();
		assertThat(flyway.info().pending()).isEmpty();
		assertThat(flyway.info().applied()).isNotEmpty()
			.allSatisfy((migration) -> assertThat(migration.getState()).isEqualTo(MigrationState.SUCCESS));
	}

	private List<String> tablesIn(String schema) {
		return this.jdbc.sql("""
				select table_name from information_schema.tables
				where table_schema = :schema and table_type = 'BASE TABLE' order by table_name
				""").param("schema", schema).query(String.class).list();
	}

	private int historyRows() {
		return this.jdbc.sql("select count(*) from flyway_schema_history").query(Integer.class).single();
	}

}
