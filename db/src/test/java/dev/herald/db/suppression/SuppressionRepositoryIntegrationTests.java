package dev.herald.db.suppression;

import java.util.List;

import dev.herald.db.suppression.SuppressionRepository.NewSuppression;
import dev.herald.db.suppression.SuppressionRepository.Reason;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SuppressionRepositoryIntegrationTests {

	private final TestData data = new TestData();

	private final SuppressionRepository suppressions = new SuppressionRepository(this.data.jdbc);

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void anAddressIsFoundHoweverItsDomainIsCasedAndKeepsItsFirstReason() {
		assertThat(this.suppressions.add(this.tenant,
				new NewSuppression("email", "Ana@Example.com", Reason.HARD_BOUNCE, "ses", "5.1.1 unknown user", null)))
			.isTrue();
		assertThat(this.suppressions.add(this.tenant,
				new NewSuppression("email", "Ana@EXAMPLE.com", Reason.COMPLAINT, "ses", null, null)))
			.isFalse();

		assertThat(this.suppressions.find(this.tenant, "email", "Ana@example.COM")).hasValueSatisfying((found) -> {
			assertThat(found.reason()).isEqualTo(Reason.HARD_BOUNCE);
			assertThat(found.address()).isEqualTo("Ana@example.com");
			assertThat(found.describe()).contains("hard bounce").contains("ses").contains("5.1.1 unknown user");
		});
		assertThat(this.suppressions.find(this.tenant, "email", "ana@example.com")).as("local parts differ").isEmpty();
	}

	@Test
	void aPhoneNumberIsSuppressedInE164AndFoundAmongOthersByTheSpellingAsked() {
		this.suppressions.add(this.tenant,
				new NewSuppression("sms", "+1 415 555 0100", Reason.OPTED_OUT, "twilio", "21610", null));

		assertThat(this.suppressions.findAmong(this.tenant, "sms", List.of("+14155550100", "+14155550199")))
			.containsOnlyKeys("+14155550100");
		assertThat(this.suppressions.findAmong(this.tenant, "email", List.of("+14155550100"))).isEmpty();
	}

	@Test
	void suppressionsArePagedNewestFirstAndSearchedByPartOfTheAddress() {
		for (int i = 0; i < 5; i++) {
			this.suppressions.add(this.tenant,
					new NewSuppression("email", "user" + i + "@shop.example", Reason.MANUAL, "api", null, null));
		}
		this.suppressions.add(this.tenant, new NewSuppression("email", "100%_real@other.example", Reason.MANUAL, "api",
				null, null));

		SuppressionRepository.Page first = this.suppressions.list(this.tenant, null, 0, 4);
		SuppressionRepository.Page second = this.suppressions.list(this.tenant, null, 4, 4);

		assertThat(first.total()).isEqualTo(6);
		assertThat(first.items()).hasSize(4);
		assertThat(second.items()).hasSize(2);
		assertThat(this.suppressions.list(this.tenant, "SHOP.example", 0, 10).total()).isEqualTo(5);
		assertThat(this.suppressions.list(this.tenant, "%_", 0, 10).items()).extracting((s) -> s.address())
			.containsExactly("100%_real@other.example");
	}

	@Test
	void aRemovedSuppressionNoLongerSuppresses() {
		this.suppressions.add(this.tenant, new NewSuppression("email", "ana@example.com", Reason.COMPLAINT, "ses",
				null, null));
		var id = this.suppressions.find(this.tenant, "email", "ana@example.com").orElseThrow().id();

		assertThat(this.suppressions.remove(this.tenant, id)).isTrue();

		assertThat(this.suppressions.find(this.tenant, "email", "ana@example.com")).isEmpty();
		assertThat(this.suppressions.remove(this.tenant, id)).isFalse();
	}

}
