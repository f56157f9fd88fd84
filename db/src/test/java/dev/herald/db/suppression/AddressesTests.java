package dev.herald.db.suppression;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressesTests {

	@Test
	void anEmailsDomainIsLowerCasedAndItsLocalPartKept() {
		assertThat(Addresses.normalize("email", "  Ana.Silva@Example.COM ")).isEqualTo("Ana.Silva@example.com");
		assertThat(Addresses.normalize("email", "\"Ana\" <ana@Example.com>")).isEqualTo("ana@example.com");
	}

	@Test
	void aPhoneNumberIsComparedInE164() {
		assertThat(Addresses.normalize("sms", "+1 (415) 555-0100")).isEqualTo("+14155550100");
		assertThat(Addresses.normalize("sms", "0049 30 1234567")).isEqualTo("+49301234567");
	}

	@Test
	void theChannelOfAnAddressIsEmailWhenItHasAnAt() {
		assertThat(Addresses.channelOf("ana@example.com")).isEqualTo("email");
		assertThat(Addresses.channelOf("+14155550100")).isEqualTo("sms");
	}

}
