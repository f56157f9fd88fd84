package dev.herald.functions.rendering;

import java.util.Objects;

/** What rendering or checking a template gave: the text, or why there is none. */
public sealed interface RenderOutcome {

	/** The template rendered; {@code text} is the complete output. */
	record Rendered(String text) implements RenderOutcome {

		public Rendered {
			Objects.requireNonNull(text, "text");
		}

	}

	/**
	 * The template could not be parsed or rendered.
	 *
	 * @param reason what went wrong, worded for the admin who wrote the template
	 * @param line 1-based line in the template, 0 when unknown
	 * @param column 1-based column in that line, 0 when unknown
	 */
	record Failed(String reason, int line, int column) implements RenderOutcome {

		public Failed {
			Objects.requireNonNull(reason, "reason");
			line = Math.max(0, line);
			column = Math.max(0, column);
		}

		Failed(String reason) {
			this(reason, 0, 0);
		}

	}

}
