package dev.herald.events;

import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class SampleEventsTests {

	private final EventValidator validator = new EventValidator();

	@Test
	void hasASampleOfEveryType() {
		assertThat(SampleEvents.all()).containsOnlyKeys(EventType.values());
		assertThat(SampleEvents.all().keySet()).containsExactly(EventType.values());
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everySampleValidatesAsItsType(EventType type) {
		ValidationResult result = this.validator.validate(SampleEvents.json(type));

		assertThat(result).isInstanceOfSatisfying(ValidationResult.Valid.class,
				(valid) -> assertThat(valid.event().type()).isEqualTo(type));
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void givesTheSameSampleWithAnotherId(EventType type) {
		String json = SampleEvents.json(type, "evt-42");

		ObjectNode original = (ObjectNode) Bodies.MAPPER.readTree(SampleEvents.json(type));
		ObjectNode renamed = (ObjectNode) Bodies.MAPPER.readTree(json);
		assertThat(renamed.get("id").asString()).isEqualTo("evt-42");
		assertThat(renamed.without("id")).isEqualTo(original.without("id"));
		assertThat(this.validator.validate(json)).isInstanceOf(ValidationResult.Valid.class);
	}

	@Test
	void givesDistinctEventsForDistinctIds() {
		Set<String> ids = IntStream.range(0, 50)
			.mapToObj((i) -> SampleEvents.json(EventType.PAYMENT_SUCCEEDED, "evt-" + i))
			.map((json) -> ((ValidationResult.Valid) this.validator.validate(json)).event().id())
			.collect(Collectors.toSet());

		assertThat(ids).hasSize(50);
	}

	@Test
	void refusesANullId() {
		assertThatNullPointerException().isThrownBy(() -> SampleEvents.json(EventType.ORDER_PLACED, null));
	}

	@Test
	void speaksToKoreanAndEnglishCustomers() {
		Set<String> locales = SampleEvents.all()
			.values()
			.stream()
			.map((json) -> Bodies.MAPPER.readTree(json).get("data").get("customer").get("locale").asString())
			.collect(Collectors.toSet());

		assertThat(locales).contains("ko-KR").anyMatch((locale) -> locale.startsWith("en"));
	}

	@Test
	void keepsSamplesOnReservedExampleDomains() {
		for (String json : SampleEvents.all().values()) {
			JsonNode event = Bodies.MAPPER.readTree(json);
			assertThat(event.get("source").asString()).contains(".example.com");
			assertThat(event.get("data").get("customer").get("email").asString()).endsWith("@example.com");
			assertThat(json).doesNotContain("http://");
		}
	}

}
