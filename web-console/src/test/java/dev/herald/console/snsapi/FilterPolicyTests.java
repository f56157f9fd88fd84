package dev.herald.console.snsapi;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FilterPolicyTests {

	@Test
	void anExactStringMatchesOnlyThatStringOfAStringAttribute() {
		FilterPolicy policy = attributes("{\"type\": [\"order.placed\"]}");

		assertThat(policy.matches(string("type", "order.placed"), "")).isTrue();
		assertThat(policy.matches(string("type", "order.placedx"), "")).isFalse();
		assertThat(policy.matches(string("type", "ORDER.PLACED"), "")).isFalse();
		assertThat(policy.matches(Map.of(), "")).as("a missing attribute").isFalse();
	}

	@Test
	void valuesOfOneKeyAreAlternativesAndAllKeysMustMatch() {
		FilterPolicy policy = attributes("{\"type\": [\"order.placed\", \"order.cancelled\"], \"store\": [\"eu\"]}");

		assertThat(policy.matches(attrs(string("type", "order.cancelled"), string("store", "eu")), "")).isTrue();
		assertThat(policy.matches(attrs(string("type", "order.placed"), string("store", "eu")), "")).isTrue();
		assertThat(policy.matches(attrs(string("type", "order.placed"), string("store", "us")), "")).isFalse();
		assertThat(policy.matches(string("type", "order.placed"), "")).isFalse();
	}

	@Test
	void anExactNumberMatchesANumberAttributeOfEqualValueButNotAString() {
		FilterPolicy policy = attributes("{\"priority\": [5]}");

		assertThat(policy.matches(number("priority", "5"), "")).isTrue();
		assertThat(policy.matches(number("priority", "5.000"), "")).isTrue();
		assertThat(policy.matches(number("priority", "6"), "")).isFalse();
		assertThat(policy.matches(string("priority", "5"), "")).isFalse();
	}

	@Test
	void prefixSuffixAndEqualsIgnoreCaseCompareStrings() {
		assertThat(attributes("{\"type\": [{\"prefix\": \"order.\"}]}").matches(string("type", "order.placed"), ""))
			.isTrue();
		assertThat(attributes("{\"type\": [{\"prefix\": \"order.\"}]}").matches(string("type", "payment.failed"), ""))
			.isFalse();
		assertThat(attributes("{\"type\": [{\"suffix\": \".failed\"}]}").matches(string("type", "payment.failed"), ""))
			.isTrue();
		assertThat(attributes("{\"type\": [{\"suffix\": \".failed\"}]}").matches(string("type", "order.placed"), ""))
			.isFalse();
		assertThat(attributes("{\"type\": [{\"equals-ignore-case\": \"ORDER.Placed\"}]}")
			.matches(string("type", "order.placed"), "")).isTrue();
	}

	@Test
	void anythingButExcludesValuesListsAndPrefixesButNeedsTheAttribute() {
		FilterPolicy single = attributes("{\"type\": [{\"anything-but\": \"order.placed\"}]}");
		FilterPolicy list = attributes("{\"type\": [{\"anything-but\": [\"order.placed\", \"order.cancelled\"]}]}");
		FilterPolicy prefix = attributes("{\"type\": [{\"anything-but\": {\"prefix\": \"order.\"}}]}");
		FilterPolicy number = attributes("{\"priority\": [{\"anything-but\": [1, 2]}]}");

		assertThat(single.matches(string("type", "payment.failed"), "")).isTrue();
		assertThat(single.matches(string("type", "order.placed"), "")).isFalse();
		assertThat(single.matches(Map.of(), "")).isFalse();
		assertThat(list.matches(string("type", "order.cancelled"), "")).isFalse();
		assertThat(list.matches(string("type", "shipment.delivered"), "")).isTrue();
		assertThat(prefix.matches(string("type", "order.placed"), "")).isFalse();
		assertThat(prefix.matches(string("type", "payment.failed"), "")).isTrue();
		assertThat(number.matches(number("priority", "2"), "")).isFalse();
		assertThat(number.matches(number("priority", "3"), "")).isTrue();
	}

	@Test
	void numericRangesCompareNumberAttributes() {
		FilterPolicy range = attributes("{\"total\": [{\"numeric\": [\">=\", 100, \"<\", 200.5]}]}");
		FilterPolicy equal = attributes("{\"total\": [{\"numeric\": [\"=\", 3.0e2]}]}");

		assertThat(range.matches(number("total", "100"), "")).isTrue();
		assertThat(range.matches(number("total", "200.49"), "")).isTrue();
		assertThat(range.matches(number("total", "200.5"), "")).isFalse();
		assertThat(range.matches(number("total", "99.99"), "")).isFalse();
		assertThat(range.matches(string("total", "150"), "")).as("a string is no number").isFalse();
		assertThat(equal.matches(number("total", "300"), "")).isTrue();
		assertThat(attributes("{\"total\": [{\"numeric\": [\">\", 0]}]}").matches(number("total", "-1"), ""))
			.isFalse();
		assertThat(attributes("{\"total\": [{\"numeric\": [\"<=\", 0]}]}").matches(number("total", "0"), ""))
			.isTrue();
	}

	@Test
	void existsMatchesOnPresenceOrAbsence() {
		FilterPolicy present = attributes("{\"coupon\": [{\"exists\": true}]}");
		FilterPolicy absent = attributes("{\"coupon\": [{\"exists\": false}]}");

		assertThat(present.matches(string("coupon", "SPRING"), "")).isTrue();
		assertThat(present.matches(Map.of(), "")).isFalse();
		assertThat(absent.matches(Map.of(), "")).isTrue();
		assertThat(absent.matches(number("coupon", "1"), "")).isFalse();
	}

	@Test
	void aStringArrayAttributeMatchesWhenAnyOfItsElementsDoes() {
		FilterPolicy policy = attributes("{\"tags\": [\"vip\"]}");

		assertThat(policy.matches(array("tags", "[\"new\", \"vip\"]"), "")).isTrue();
		assertThat(policy.matches(array("tags", "[\"new\", \"returning\"]"), "")).isFalse();
		assertThat(attributes("{\"tags\": [7]}").matches(array("tags", "[1, 7]"), "")).isTrue();
	}

	@Test
	void binaryAttributesAreNotMatchedByFilterPolicies() {
		Map<String, MessageAttribute> binary = Map.of("type", new MessageAttribute("type", "Binary", "Binary", null,
				"order.placed".getBytes(StandardCharsets.UTF_8)));

		assertThat(attributes("{\"type\": [\"order.placed\"]}").matches(binary, "")).isFalse();
		assertThat(attributes("{\"type\": [\"" + Base64.getEncoder().encodeToString("order.placed".getBytes())
				+ "\"]}").matches(binary, "")).isFalse();
	}

	@Test
	void withScopeMessageBodyNestedKeysMatchTheBodysJson() {
		FilterPolicy policy = FilterPolicy.parse(
				"{\"type\": [\"order.placed\"], \"data\": {\"total\": {\"amount\": [{\"numeric\": [\">\", 50]}]}}}",
				FilterPolicy.BODY);

		assertThat(policy.matches(Map.of(), "{\"type\":\"order.placed\",\"data\":{\"total\":{\"amount\":80}}}"))
			.isTrue();
		assertThat(policy.matches(Map.of(), "{\"type\":\"order.placed\",\"data\":{\"total\":{\"amount\":20}}}"))
			.isFalse();
		assertThat(policy.matches(Map.of(), "{\"type\":\"order.placed\"}")).isFalse();
		assertThat(policy.matches(Map.of(), "not json")).isFalse();
		assertThat(policy.matches(string("type", "order.placed"), "{}")).as("attributes do not count").isFalse();
	}

	@Test
	void policiesSnsWouldRefuseAreRefusedWithTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("[\"order.placed\"]"))
			.withMessageContaining("JSON object");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{}")).withMessageContaining("non-empty");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{\"type\": \"order.placed\"}"))
			.withMessageContaining("type: match conditions must be a non-empty array");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{\"type\": []}"))
			.withMessageContaining("non-empty array");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{\"type\": [{\"wildcard\": \"o*\"}]}"))
			.withMessageContaining("unknown operator 'wildcard'");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{\"n\": [{\"numeric\": [\"!=\", 1]}]}"))
			.withMessageContaining("numeric");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{\"n\": [{\"numeric\": [\"=\", 1, \"<\", 2]}]}"))
			.withMessageContaining("stands alone");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{\"n\": [{\"prefix\": 1}]}"))
			.withMessageContaining("prefix needs a string");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{\"n\": [{\"exists\": \"yes\"}]}"))
			.withMessageContaining("exists needs true or false");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{\"data\": {\"total\": [1]}}"))
			.as("nesting is for the message body only")
			.withMessageContaining("non-empty array");
		assertThatIllegalArgumentException().isThrownBy(() -> FilterPolicy.parse("{\"a\": [1]}", "Everything"))
			.withMessageContaining("FilterPolicyScope");
		assertThatIllegalArgumentException().isThrownBy(() -> attributes("{oops")).withMessageContaining("not JSON");
	}

	private static FilterPolicy attributes(String json) {
		return FilterPolicy.parse(json, FilterPolicy.ATTRIBUTES);
	}

	private static Map<String, MessageAttribute> string(String name, String value) {
		return Map.of(name, new MessageAttribute(name, "String", "String", value, null));
	}

	private static Map<String, MessageAttribute> number(String name, String value) {
		return Map.of(name, new MessageAttribute(name, "Number", "Number", value, null));
	}

	private static Map<String, MessageAttribute> array(String name, String json) {
		return Map.of(name, new MessageAttribute(name, "String.Array", "String.Array", json, null));
	}

	@SafeVarargs
	private static Map<String, MessageAttribute> attrs(Map<String, MessageAttribute>... parts) {
		Map<String, MessageAttribute> all = new LinkedHashMap<>();
		for (Map<String, MessageAttribute> part : parts) {
			all.putAll(part);
		}
		return all;
	}

}
