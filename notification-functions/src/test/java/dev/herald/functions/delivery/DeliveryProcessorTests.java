package dev.herald.functions.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryProcessorTests {

	@Test
	void localeFallbackGoesFromRecipientToItsLanguageToTheTenantDefault() {
		assertThat(DeliveryProcessor.localeCandidates("ko-KR", "en")).containsExactly("ko-KR", "ko", "en");
		assertThat(DeliveryProcessor.localeCandidates("ko_KR", "en-US")).containsExactly("ko-KR", "ko", "en-US", "en");
		assertThat(DeliveryProcessor.localeCandidates(null, "en")).containsExactly("en");
		assertThat(DeliveryProcessor.localeCandidates("en-GB", "en")).containsExactly("en-GB", "en");
	}

}
