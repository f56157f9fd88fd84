package dev.herald.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An empty database for one server under test: on the PostgreSQL named by {@code HERALD_TEST_DATABASE_URL} (CI: the
 * machine's), else on an embedded one. Empty, so the server's own start-up migrates it as it would in production.
 */
final class E2eDatabase implements AutoCloseable {

	private final String adminUrl;

	private final String name;

	private final String url;

	private final EmbeddedPostgres embedded;

	private E2eDatabase(String adminUrl, String name, String url, EmbeddedPostgres embedded) {
		this.adminUrl = adminUrl;
		this.name = name;
		this.url = url;
		this.embedded = embedded;
	}

	static E2eDatabase create() throws Exception {
		String name = "herald_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String server = System.getenv("HERALD_TEST_DATABASE_URL");
		EmbeddedPostgres embedded = null;
		if (server == null || server.isBlank()) {
			embedded = EmbeddedPostgres.builder().start();
			server = embedded.getJdbcUrl("postgres", "postgres");
		}
		execute(server, "create database " + name);
		String base = server.substring(0, server.indexOf('/', "jdbc:postgresql://".length()) + 1);
		return new E2eDatabase(server, name, base + name, embedded);
	}

	/** The URL the server gets; user {@code postgres}, trust or embedded authentication. */
	String url() {
		return this.url;
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, "postgres", "");
	}

	@Override
	public void close() throws Exception {
		try {
			execute(this.adminUrl, "drop database if exists " + this.name + " with (force)");
		}
		finally {
			if (this.embedded != null) {
				this.embedded.close();
			}
		}
	}

	private static void execute(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				var statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
