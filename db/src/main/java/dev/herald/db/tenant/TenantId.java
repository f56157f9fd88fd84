package dev.herald.db.tenant;

import java.util.Objects;
import java.util.UUID;

/** A tenant's id: every tenant-owned query takes one, so none can read across tenants. */
public record TenantId(UUID value) {

	public TenantId {
		Objects.requireNonNull(value, "value");
	}

	public static TenantId of(String value) {
		return new TenantId(UUID.fromString(value));
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
