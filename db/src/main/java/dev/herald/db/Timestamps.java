package dev.herald.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Instant conversions for JDBC, which has no direct mapping for {@link Instant}. */
public final class Timestamps {

	private Timestamps() {
	}

	public static Timestamp of(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	public static Instant read(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
