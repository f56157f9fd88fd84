package dev.herald.events.data;

import java.util.Objects;

/**
 * A postal address.
 *
 * @param name recipient's name
 * @param line1 street and number
 * @param line2 building, floor, unit; may be {@code null}
 * @param city city or district
 * @param postalCode postal code, may be {@code null} where there is none
 * @param region state, province or metropolitan area; may be {@code null}
 * @param country ISO 3166-1 alpha-2 code, e.g. {@code KR}
 */
public record Address(String name, String line1, String line2, String city, String postalCode, String region,
		String country) {

	public Address {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(line1, "line1");
		Objects.requireNonNull(city, "city");
		Objects.requireNonNull(country, "country");
	}

}
