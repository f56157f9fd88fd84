package dev.herald.db.user;

import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import dev.herald.db.user.ConsoleUserRepository.ConsoleUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleUserRepositoryIntegrationTests {

	private final TestData data = new TestData();

	private final ConsoleUserRepository users = new ConsoleUserRepository(this.data.jdbc);

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void aUserSignsInWithTheirEmailInAnyCase() {
		String local = TestData.unique("Ana.Kim");
		this.users.upsert(this.tenant, local + "@Shop.Example", "hash", "owner");

		assertThat(this.users.findByEmail(local.toUpperCase() + "@SHOP.EXAMPLE")).hasValueSatisfying((user) -> {
			assertThat(user.email()).isEqualTo(local.toLowerCase() + "@shop.example");
			assertThat(user.tenantId()).isEqualTo(this.tenant);
			assertThat(user.passwordHash()).isEqualTo("hash");
			assertThat(user.role()).isEqualTo("owner");
		});
		assertThat(this.users.findByEmail(local.toLowerCase() + "@shop.example")).isPresent();
	}

	@Test
	void anUnknownEmailIsNotFound() {
		assertThat(this.users.findByEmail(TestData.unique("nobody") + "@shop.example")).isEmpty();
	}

	@Test
	void upsertingTheSameEmailInAnotherCaseChangesPasswordAndRoleOfTheSameUser() {
		String email = TestData.unique("editor") + "@shop.example";
		this.users.upsert(this.tenant, email, "old-hash", "editor");
		ConsoleUser before = this.users.findByEmail(email).orElseThrow();

		this.users.upsert(this.tenant, email.toUpperCase(), "new-hash", "admin");

		ConsoleUser after = this.users.findByEmail(email).orElseThrow();
		assertThat(after.id()).isEqualTo(before.id());
		assertThat(after.passwordHash()).isEqualTo("new-hash");
		assertThat(after.role()).isEqualTo("admin");
		assertThat(this.users.count(this.tenant)).isOne();
	}

	@Test
	void usersAreCountedPerTenant() {
		this.users.upsert(this.tenant, TestData.unique("a") + "@shop.example", "hash", "owner");
		this.users.upsert(this.tenant, TestData.unique("b") + "@shop.example", "hash", "viewer");
		TenantId other = this.data.tenant().id();
		this.users.upsert(other, TestData.unique("c") + "@other.example", "hash", "owner");

		assertThat(this.users.count(this.tenant)).isEqualTo(2);
		assertThat(this.users.count(other)).isOne();
	}

}
