package dev.herald.functions.sns;

/** What parsing a request body as an SNS message gave: the message, or why it is none. */
public sealed interface SnsParseResult {

	record Parsed(SnsMessage message) implements SnsParseResult {
	}

	/** Not an SNS message: bad JSON, a missing or oversized field, a field of the wrong type. */
	record Malformed(String reason) implements SnsParseResult {
	}

}
