package dev.herald.db.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeliveryStateTests {

	@ParameterizedTest
	@EnumSource(DeliveryState.class)
	void everyStateIsReadBackFromTheIdItIsStoredAs(DeliveryState state) {
		assertThat(DeliveryState.fromId(state.id())).isSameAs(state);
	}

	@Test
	void anUnknownStoredStateIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryState.fromId("lost"))
			.withMessageContaining("lost");
	}

	@Test
	void onlyDeliveredDeadLetteredAndSkippedAreFinal() {
		assertThat(DeliveryState.values()).filteredOn(DeliveryState::isFinal)
			.containsExactlyInAnyOrder(DeliveryState.DELIVERED, DeliveryState.DEAD_LETTERED, DeliveryState.SKIPPED);
	}

}
