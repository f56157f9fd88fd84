package dev.herald.console.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.console.ServerProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real PostgreSQL (binaries from Maven Central) started by the server itself when {@code spring.datasource.url} is
 * not set, keeping its data in a local folder between runs, so the first start needs no database set up.
 */
@Configuration(proxyBeanMethods = false)
@OnMissingProperty("spring.datasource.url")
class LocalDatabaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(ServerProperties properties) throws IOException {
		Path directory = properties.local().dataDirectory().resolve("postgres").toAbsolutePath();
		Files.createDirectories(directory.getParent());
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(false)
			.start();
		logger.info("Started the embedded PostgreSQL on port {} with its data in {} (set spring.datasource.url to use "
				+ "your own database)", postgres.getPort(), directory);
		return postgres;
	}

	@Bean
	DataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setPoolName("herald-embedded");
		dataSource.setMaximumPoolSize(20);
		return dataSource;
	}

}
