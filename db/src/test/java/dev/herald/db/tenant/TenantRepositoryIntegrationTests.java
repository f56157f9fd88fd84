package dev.herald.db.tenant;

import java.util.UUID;

import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantRepositoryIntegrationTests {

	private final TestData data = new TestData();

	private final TenantRepository tenants = this.data.tenants;

	@Test
	void aNewTenantKeepsItsLocaleAndTimeZoneAndStartsWithEightAttempts() {
		String slug = TestData.unique("seoul-shop");

		Tenant created = this.tenants.create(slug, "서울 상점", "ko-KR", "Asia/Seoul");

		assertThat(created.slug()).isEqualTo(slug);
		assertThat(created.name()).isEqualTo("서울 상점");
		assertThat(created.defaultLocale()).isEqualTo("ko-KR");
		assertThat(created.timeZone()).isEqualTo("Asia/Seoul");
		assertThat(created.maxAttempts()).isEqualTo(8);
		assertThat(this.tenants.find(created.id())).contains(created);
		assertThat(this.tenants.findBySlug(slug)).contains(created);
	}

	@Test
	void anUnknownTenantIsNotFound() {
		assertThat(this.tenants.find(new TenantId(UUID.randomUUID()))).isEmpty();
		assertThat(this.tenants.findBySlug(TestData.unique("nobody"))).isEmpty();
	}

	@Test
	void changingMaxAttemptsAffectsOnlyThatTenant() {
		Tenant tenant = this.data.tenant();
		Tenant other = this.data.tenant();

		this.tenants.updateMaxAttempts(tenant.id(), 3);

		assertThat(this.tenants.find(tenant.id()).orElseThrow().maxAttempts()).isEqualTo(3);
		assertThat(this.tenants.find(other.id()).orElseThrow().maxAttempts()).isEqualTo(8);
	}

}
