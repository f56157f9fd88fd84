package dev.herald.events.data;

import java.util.Objects;

/**
 * One product in a parcel.
 *
 * @param sku the shop's stock keeping unit
 * @param name product name
 * @param quantity how many, at least 1
 */
public record ShipmentItem(String sku, String name, int quantity) {

	public ShipmentItem {
		Objects.requireNonNull(sku, "sku");
		Objects.requireNonNull(name, "name");
	}

}
