package dev.herald.db.testing;

import java.sql.SQLException;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Asserts that PostgreSQL refused a statement because of one particular constraint, not for any other reason. */
public final class ConstraintAssertions {

	private ConstraintAssertions() {
	}

	public static void assertRefusedBy(String constraint, ThrowingCallable statement) {
		assertThatThrownBy(statement).isInstanceOf(DataIntegrityViolationException.class)
			.satisfies((ex) -> assertThat(violatedConstraint(ex)).as("violated constraint").isEqualTo(constraint));
	}

	private static String violatedConstraint(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PSQLException psql) {
				ServerErrorMessage message = psql.getServerErrorMessage();
				return (message != null) ? message.getConstraint() : null;
			}
			if (cause instanceof SQLException sql && sql.getNextException() instanceof PSQLException next) {
				return violatedConstraint(next);
			}
		}
		return null;
	}

}
