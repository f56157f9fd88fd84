package dev.herald.db.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.db.DatabaseMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one database support every test uses: a fresh, migrated database on a real PostgreSQL server, taken from
 * {@code HERALD_TEST_DATABASE_URL} (CI: the machine's server), else from Testcontainers where a Docker engine
 * answers, else from an embedded PostgreSQL. One database per test JVM, dropped when the JVM exits.
 */
public final class TestDatabase {

	/** A JDBC URL of an existing database on the server to use, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}. */
	public static final String URL_VARIABLE = "HERALD_TEST_DATABASE_URL";

	private static TestDatabase shared;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final HikariDataSource dataSource;

	private TestDatabase(String jdbcUrl, String username, String password) {
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername(username);
		config.setPassword(password);
		config.setMaximumPoolSize(20);
		config.setPoolName("herald-test");
		this.dataSource = new HikariDataSource(config);
		DatabaseMigrations.migrate(this.dataSource);
	}

	/** The database of this JVM, created and migrated on first use. */
	public static synchronized TestDatabase shared() {
		if (shared == null) {
			shared = create();
		}
		return shared;
	}

	public DataSource dataSource() {
		return this.dataSource;
	}

	public JdbcClient jdbcClient() {
		return JdbcClient.create(this.dataSource);
	}

	public JdbcTemplate jdbcTemplate() {
		return new JdbcTemplate(this.dataSource);
	}

	/** A JDBC URL of this database, including user and password parameters, e.g. for a server under test. */
	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	private static TestDatabase create() {
		String name = "herald_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String serverUrl = System.getenv(URL_VARIABLE);
		if (serverUrl != null && !serverUrl.isBlank()) {
			return onServer(serverUrl, name);
		}
		if (dockerAvailable()) {
			return inContainer();
		}
		return embedded(name);
	}

	private static TestDatabase onServer(String serverUrl, String name) {
		String user = parameter(serverUrl, "user", "postgres");
		String password = parameter(serverUrl, "password", "");
		execute(serverUrl, user, password, "create database " + name);
		String base = serverUrl.substring(0, serverUrl.indexOf('/', "jdbc:postgresql://".length()) + 1);
		String url = base + name;
		Runtime.getRuntime()
			.addShutdownHook(Thread.ofPlatform()
				.unstarted(() -> {
					shared.dataSource.close();
					execute(serverUrl, user, password, "drop database if exists " + name + " with (force)");
				}));
		return new TestDatabase(url, user, password);
	}

	private static TestDatabase inContainer() {
		var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17-alpine");
		container.start();
		return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
	}

	private static TestDatabase embedded(String name) {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
				try {
					shared.dataSource.close();
					postgres.close();
				}
				catch (Exception ex) {
					// the JVM is exiting; the temporary data directory goes with the process
				}
			}));
			String serverUrl = postgres.getJdbcUrl("postgres", "postgres");
			execute(serverUrl, "postgres", "postgres", "create database " + name);
			return new TestDatabase(postgres.getJdbcUrl("postgres", name), "postgres", "postgres");
		}
		catch (Exception ex) {
			throw new IllegalStateException("No PostgreSQL for tests: set " + URL_VARIABLE
					+ ", or run a Docker engine, or allow the embedded PostgreSQL to start", ex);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static void execute(String url, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + url, ex);
		}
	}

	private static String parameter(String url, String name, String fallback) {
		int query = url.indexOf('?');
		if (query >= 0) {
			for (String pair : url.substring(query + 1).split("&")) {
				String[] parts = pair.split("=", 2);
				if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals(name)) {
					return parts[1];
				}
			}
		}
		return fallback;
	}

}
