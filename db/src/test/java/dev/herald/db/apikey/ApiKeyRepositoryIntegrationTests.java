package dev.herald.db.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import dev.herald.db.apikey.ApiKeyRepository.ApiKey;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static dev.herald.db.testing.ConstraintAssertions.assertRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyRepositoryIntegrationTests {

	private final TestData data = new TestData();

	private final ApiKeyRepository keys = new ApiKeyRepository(this.data.jdbc);

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void anActiveKeyIsFoundByItsHashWithItsTenant() {
		byte[] hash = sha256(TestData.unique("hk_live"));
		UUID id = this.keys.create(this.tenant, "production", "hk_live_ab12", hash);

		assertThat(this.keys.findActiveByHash(hash)).hasValueSatisfying((key) -> {
			assertThat(key.id()).isEqualTo(id);
			assertThat(key.tenantId()).isEqualTo(this.tenant);
			assertThat(key.name()).isEqualTo("production");
			assertThat(key.displayPrefix()).isEqualTo("hk_live_ab12");
			assertThat(key.createdAt()).isNotNull();
			assertThat(key.revokedAt()).isNull();
		});
		assertThat(this.keys.existsByHash(hash)).isTrue();
	}

	@Test
	void aKeyNobodyIssuedIsNotFound() {
		byte[] hash = sha256(TestData.unique("hk_live"));

		assertThat(this.keys.findActiveByHash(hash)).isEmpty();
		assertThat(this.keys.existsByHash(hash)).isFalse();
	}

	@Test
	void aRevokedKeyNoLongerAuthenticatesButStaysListed() {
		byte[] hash = sha256(TestData.unique("hk_live"));
		UUID id = this.keys.create(this.tenant, "leaked", "hk_live_zz99", hash);

		assertThat(this.keys.revoke(this.tenant, id)).isTrue();

		assertThat(this.keys.findActiveByHash(hash)).isEmpty();
		assertThat(this.keys.existsByHash(hash)).as("a revoked hash is never issued again").isTrue();
		assertThat(this.keys.list(this.tenant)).singleElement()
			.satisfies((key) -> assertThat(key.revokedAt()).isNotNull());
	}

	@Test
	void revokingAnAlreadyRevokedKeyReportsNothingChanged() {
		UUID id = this.keys.create(this.tenant, "old", "hk_live_0000", sha256(TestData.unique("hk_live")));
		this.keys.revoke(this.tenant, id);
		var revokedAt = this.keys.list(this.tenant).getFirst().revokedAt();

		assertThat(this.keys.revoke(this.tenant, id)).isFalse();
		assertThat(this.keys.list(this.tenant).getFirst().revokedAt()).isEqualTo(revokedAt);
	}

	@Test
	void revokingOneKeyLeavesTheTenantsOtherKeysWorking() {
		byte[] kept = sha256(TestData.unique("hk_live"));
		UUID revoked = this.keys.create(this.tenant, "ci", "hk_live_1111", sha256(TestData.unique("hk_live")));
		this.keys.create(this.tenant, "production", "hk_live_2222", kept);

		this.keys.revoke(this.tenant, revoked);

		assertThat(this.keys.findActiveByHash(kept)).isPresent();
		assertThat(this.keys.list(this.tenant)).extracting(ApiKey::name).containsExactly("ci", "production");
	}

	@Test
	void twoKeysCanNeverShareAHashEvenAcrossTenants() {
		byte[] hash = sha256(TestData.unique("hk_live"));
		this.keys.create(this.tenant, "first", "hk_live_aaaa", hash);
		TenantId other = this.data.tenant().id();

		assertRefusedBy("api_keys_key_hash_key", () -> this.keys.create(other, "second", "hk_live_aaaa", hash));
		assertThat(this.keys.list(other)).isEmpty();
		assertThat(this.keys.findActiveByHash(hash).orElseThrow().tenantId()).isEqualTo(this.tenant);
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
