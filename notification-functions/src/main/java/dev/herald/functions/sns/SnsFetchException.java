package dev.herald.functions.sns;

/** A fetch from SNS did not give a usable answer. */
public class SnsFetchException extends Exception {

	public SnsFetchException(String message) {
		super(message);
	}

	public SnsFetchException(String message, Throwable cause) {
		super(message, cause);
	}

}
