package dev.herald.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.networknt.schema.Schema;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a submitted body against Herald's event contracts: the CloudEvents envelope and the data schema of the
 * event's type.
 *
 * <p>Reports every problem found, each at its JSON path, so that a shop fixes its publisher in one go. Never throws,
 * whatever the body. Thread-safe; the schemas are loaded once, so keep one instance.
 */
public final class EventValidator {

	private static final System.Logger logger = System.getLogger(EventValidator.class.getName());

	// RFC 3339 allows a lowercase t and z.
	private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
		.toFormatter();

	private static final int MAX_PARSER_MESSAGE = 200;

	private final Schema schema;

	public EventValidator() {
		this.schema = EventSchemas.envelope();
	}

	/** Validates a body given as text. */
	public ValidationResult validate(String json) {
		if (json == null) {
			return empty();
		}
		return validate(() -> Json.MAPPER.createParser(json));
	}

	/** Validates a body given as bytes, in UTF-8 (or UTF-16/32, which JSON allows and is detected). */
	public ValidationResult validate(byte[] json) {
		if (json == null) {
			return empty();
		}
		return validate(() -> Json.MAPPER.createParser(json));
	}

	private ValidationResult validate(Supplier<JsonParser> body) {
		JsonNode event;
		try (JsonParser parser = body.get()) {
			try {
				event = parse(parser);
			}
			catch (StreamConstraintsException ex) {
				// The exception knows no location; the parser stopped right there.
				return invalid("$", limitExceeded(ex) + at(parser.currentTokenLocation()));
			}
			catch (JacksonException ex) {
				return invalid("$", "is not valid JSON" + at(ex.getLocation()) + ": " + describe(ex));
			}
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not parse an event body", ex);
			return invalid("$", "could not be read as JSON");
		}
		if (event == null) {
			return empty();
		}
		try {
			List<Problem> problems = new ArrayList<>(SchemaProblems.of(this.schema.validate(event)));
			findNul(event, "$", problems);
			return problems.isEmpty() ? toEvent(event) : new ValidationResult.Invalid(problems);
		}
		catch (RuntimeException | StackOverflowError ex) {
			// No known body gets here; should one, the shop gets an answer and Herald keeps running.
			logger.log(System.Logger.Level.WARNING, "Could not check an event body against the schemas", ex);
			return invalid("$", "could not be checked against the event schemas; simplify the event");
		}
	}

	/**
	 * Text with a NUL character (U+0000) is valid JSON but cannot be stored in PostgreSQL: refuse it here,
	 * with its path, instead of failing later.
	 */
	private static void findNul(JsonNode node, String path, List<Problem> problems) {
		if (node.isString() && node.asString().indexOf('\0') >= 0) {
			problems.add(new Problem(path, "must not contain the NUL character (\\u0000)"));
		}
		else if (node.isObject()) {
			for (var entry : node.properties()) {
				String child = path + "." + entry.getKey();
				if (entry.getKey().indexOf('\0') >= 0) {
					problems.add(new Problem(path, "has a member name with the NUL character (\\u0000)"));
				}
				findNul(entry.getValue(), child, problems);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				findNul(node.get(i), path + "[" + i + "]", problems);
			}
		}
	}

	/** The one JSON value of the body, {@code null} when there is none. */
	private static JsonNode parse(JsonParser parser) {
		JsonNode event = Json.MAPPER.readTree(parser);
		if (event == null || event.isMissingNode()) {
			return null;
		}
		if (parser.nextToken() != null) {
			throw new StreamReadException(parser, "there is more after the end of the event",
					parser.currentTokenLocation());
		}
		return event;
	}

	/** Reads a body the schemas accepted, so every required member is there with the right type. */
	private static ValidationResult toEvent(JsonNode body) {
		Instant time;
		try {
			time = OffsetDateTime.parse(body.get("time").asString(), RFC_3339).toInstant();
		}
		catch (DateTimeParseException ex) {
			// RFC 3339 allows what java.time does not, such as leap seconds.
			return invalid("$.time", "must be a date-time Herald can read, such as 2025-03-14T09:26:53Z");
		}
		JsonNode data = body.get("data");
		EventType type = EventType.fromWireName(body.get("type").asString()).orElseThrow();
		return new ValidationResult.Valid(new CloudEvent(CloudEvent.SPECVERSION, body.get("id").asString(),
				body.get("source").asString(), type, time, text(body, "subject"), CloudEvent.DATACONTENTTYPE, data,
				customer(data.get("customer"))));
	}

	private static Customer customer(JsonNode customer) {
		return new Customer(text(customer, "id"), text(customer, "email"), text(customer, "phone"),
				text(customer, "locale"), text(customer, "timeZone"), text(customer, "name"));
	}

	private static String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static String limitExceeded(StreamConstraintsException ex) {
		return String.valueOf(ex.getOriginalMessage()).contains("nesting depth")
				? "nests objects and arrays deeper than " + Json.MAX_DEPTH + " levels" : "is too large: " + describe(ex);
	}

	private static String describe(JacksonException ex) {
		// Jackson names its own configuration in some messages, which tells a shop nothing.
		String message = String.valueOf(ex.getOriginalMessage()).replaceAll(", from `[^`]*`", "");
		return (message.length() > MAX_PARSER_MESSAGE) ? message.substring(0, MAX_PARSER_MESSAGE) + "…" : message;
	}

	private static String at(TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private static ValidationResult empty() {
		return invalid("$", "is empty; expected a CloudEvents JSON object");
	}

	private static ValidationResult invalid(String path, String message) {
		return new ValidationResult.Invalid(List.of(new Problem(path, message)));
	}

}
