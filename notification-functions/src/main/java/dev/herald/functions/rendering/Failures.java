package dev.herald.functions.rendering;

import java.lang.System.Logger.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.functions.rendering.RenderOutcome.Failed;
import liqp.exceptions.ExceededMaxIterationsException;
import liqp.exceptions.LiquidException;

/**
 * Turns whatever a parse or render threw into a {@link Failed} an admin can act on. Liqp reports most problems as
 * plain RuntimeExceptions, with positions only in some messages, so this reads both the cause chain and the messages.
 */
final class Failures {

	private static final System.Logger LOG = System.getLogger(Failures.class.getName());

	/** Liqp's FilterNode and NodeVisitor prefix: "error on line 3, index 14: ...". */
	private static final Pattern POSITIONED = Pattern.compile("^error on line (\\d+), index (\\d+): (.*)$",
			Pattern.DOTALL);

	/** Liqp's lexer and parser listeners: {@code parser error "mismatched input ..." on line 1, index 2}. */
	private static final Pattern SYNTAX = Pattern.compile("^(?:lexer|parser) error \"(.*)\" on line \\d+, index \\d+$",
			Pattern.DOTALL);

	private static final Pattern NO_FILTER = Pattern.compile("^no filter available named: \\|?\\s*(.*)$",
			Pattern.DOTALL);

	private static final Pattern NOT_REGISTERED = Pattern.compile("^The tag/block '(.*)' is not registered\\.$");

	private static final Pattern INVALID_TAG = Pattern.compile("^Invalid Tag: '(.*)'$", Pattern.DOTALL);

	private static final String[][] TOKEN_NAMES = { { "'<EOF>'", "end of template" }, { "<EOF>", "end of template" },
			{ "TagStart", "'{%'" }, { "TagEnd", "'%}'" }, { "OutStart", "'{{'" }, { "OutEnd", "'}}'" },
			{ "Other", "text" } };

	private static final int MAX_REASON = 300;

	private static final int MAX_CHAIN = 32;

	private Failures() {
	}

	static Failed of(Throwable thrown, RenderLimits limits) {
		int line = 0;
		int column = 0;
		Throwable current = thrown;
		for (int i = 0; current != null && i < MAX_CHAIN; i++, current = current.getCause()) {
			String message = (current.getMessage() != null) ? current.getMessage() : "";
			Matcher positioned = POSITIONED.matcher(message);
			if (positioned.matches() && line == 0) {
				line = parse(positioned.group(1));
				column = parse(positioned.group(2)) + 1;
				message = positioned.group(3);
			}
			switch (current) {
				case RenderAbort abort -> {
					return new Failed(abort.getMessage(), line, column);
				}
				case PartialResolver.UnknownPartialException unknown -> {
					return new Failed(unknown.getMessage(), line, column);
				}
				case ExceededMaxIterationsException _ -> {
					return new Failed("more than " + limits.maxLoopIterations() + " loop iterations", line, column);
				}
				case StackOverflowError _ -> {
					return new Failed("template is nested too deeply", line, column);
				}
				case OutOfMemoryError _ -> {
					return new Failed("rendering ran out of memory", line, column);
				}
				case LiquidException liquid -> {
					return new Failed(syntax(message), liquid.line, liquid.charPositionInLine + 1);
				}
				default -> {
				}
			}
			Matcher noFilter = NO_FILTER.matcher(message);
			if (noFilter.matches()) {
				return new Failed("unknown filter '" + shorten(noFilter.group(1).strip()) + "'", line, column);
			}
			Matcher notRegistered = NOT_REGISTERED.matcher(message);
			if (notRegistered.matches()) {
				return new Failed("unknown tag '" + shorten(notRegistered.group(1)) + "'", line, column);
			}
			if (current.getCause() == null || current.getCause() == current) {
				return generic(current, message, line, column);
			}
		}
		return generic(thrown, String.valueOf(thrown.getMessage()), line, column);
	}

	private static Failed generic(Throwable cause, String message, int line, int column) {
		if (cause instanceof Error) {
			// Not the template's fault; keep the details for operators, not for the admin.
			LOG.log(Level.WARNING, "Unexpected error while rendering a template", cause);
			return new Failed("rendering failed unexpectedly", line, column);
		}
		String shown = switch (cause) {
			// Liqp's filters cast without checking; the JDK's message names Java classes, not the problem.
			case ClassCastException _ -> "a filter was given a value of the wrong kind";
			case NumberFormatException _ -> "not a number: " + message.replaceFirst("^For input string: ", "");
			case ArithmeticException _ -> "arithmetic error: " + message;
			default -> message.isBlank() ? cause.getClass().getSimpleName() : message;
		};
		shown = shown.replaceFirst("^Liquid error: ", "");
		return new Failed("rendering failed: " + shorten(shown), line, column);
	}

	private static String syntax(String message) {
		Matcher syntax = SYNTAX.matcher(message);
		String detail = syntax.matches() ? syntax.group(1) : message;
		Matcher invalidTag = INVALID_TAG.matcher(detail);
		if (invalidTag.matches()) {
			return "unknown tag '" + shorten(invalidTag.group(1)) + "'";
		}
		if (detail.startsWith("mismatched input '<EOF>'")) {
			return "syntax error: the template ends before a tag, output or block is closed";
		}
		// ANTLR names tokens by the grammar; admins know the delimiters.
		for (String[] token : TOKEN_NAMES) {
			detail = detail.replace(token[0], token[1]);
		}
		return "syntax error: " + shorten(detail);
	}

	private static String shorten(String text) {
		return (text.length() <= MAX_REASON) ? text : text.substring(0, MAX_REASON) + "…";
	}

	private static int parse(String digits) {
		try {
			return Integer.parseInt(digits);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
