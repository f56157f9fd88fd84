package dev.herald.functions.lambda;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.channels.ChannelType;
import dev.herald.channels.routing.ProviderRouter;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.EventValidator;
import dev.herald.functions.delivery.Backoff;
import dev.herald.functions.delivery.DeliveryProcessor;
import dev.herald.functions.delivery.routing.TenantChannels;
import dev.herald.functions.rendering.RenderLimits;
import dev.herald.functions.rendering.TemplateRenderer;
import dev.herald.functions.support.Fixtures;
import dev.herald.functions.support.ScriptedEmail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The SnapStart hooks, called directly as the runtime calls them around a snapshot (the RIC path is e2e's). */
class SnapStartPrimingIntegrationTests {

	private final Fixtures fixtures = new Fixtures();

	private final HikariDataSource dataSource = pool();

	private final TenantChannels channels = this.fixtures.tenantChannels(List.of(new ScriptedEmail()), List.of());

	private final DeliveryProcessor processor = this.fixtures.processor(List.of(new ScriptedEmail()), Backoff.defaults());

	private final AtomicInteger connectionsAsked = new AtomicInteger();

	private final AtomicInteger invocationsPrimed = new AtomicInteger();

	private final SnapStartPriming priming = new SnapStartPriming(new EventValidator(),
			new TemplateRenderer(RenderLimits.defaults()),
			new TenantRepository(JdbcClient.create(new DelegatingDataSource(this.dataSource) {
				@Override
				public Connection getConnection() throws SQLException {
					SnapStartPrimingIntegrationTests.this.connectionsAsked.incrementAndGet();
					return super.getConnection();
				}
			})), this.dataSource, this.processor, this.channels, this.invocationsPrimed::incrementAndGet);

	@AfterEach
	void close() {
		this.processor.close();
		this.dataSource.close();
	}

	@Test
	void beforeTheSnapshotThePathsArePrimedAndNoConnectionIsLeftOpen() {
		this.priming.beforeCheckpoint(null);

		assertThat(this.connectionsAsked).as("priming ran a query").hasPositiveValue();
		assertThat(this.invocationsPrimed).as("the function was invoked once").hasValue(1);
		assertThat(this.dataSource.getHikariPoolMXBean().getTotalConnections()).isZero();
		assertThat(JdbcClient.create(this.dataSource).sql("select 1").query(Integer.class).single())
			.as("the pool connects again on demand after the restore").isOne();
	}

	@Test
	void afterARestoreTheTenantsRoutersAreBuiltAfresh() {
		Tenant tenant = this.fixtures.tenant();
		ProviderRouter before = this.channels.router(tenant.id(), ChannelType.EMAIL);
		assertThat(this.channels.router(tenant.id(), ChannelType.EMAIL)).as("kept between invocations").isSameAs(before);

		this.priming.afterRestore(null);

		assertThat(this.channels.router(tenant.id(), ChannelType.EMAIL)).isNotSameAs(before);
	}

	private HikariDataSource pool() {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.fixtures.database.jdbcUrl());
		config.setUsername(this.fixtures.database.username());
		config.setPassword(this.fixtures.database.password());
		config.setMinimumIdle(0);
		config.setMaximumPoolSize(2);
		return new HikariDataSource(config);
	}

}
