package dev.herald.console.snsapi;

/**
 * An SNS error as the SDK expects it: the {@code Code} selects the exception class it raises (e.g. {@code NotFound}
 * → {@code NotFoundException}), the HTTP status and {@code Type} whether it blames the caller.
 */
final class SnsError extends RuntimeException {

	private final String code;

	private final int status;

	private final boolean senderFault;

	private SnsError(String code, int status, boolean senderFault, String message) {
		super(message, null, false, false);
		this.code = code;
		this.status = status;
		this.senderFault = senderFault;
	}

	static SnsError invalidParameter(String message) {
		return new SnsError("InvalidParameter", 400, true, message);
	}

	static SnsError invalidParameterValue(String message) {
		return new SnsError("ParameterValueInvalid", 400, true, message);
	}

	static SnsError notFound(String message) {
		return new SnsError("NotFound", 404, true, message);
	}

	static SnsError authorization(String message) {
		return new SnsError("AuthorizationError", 403, true, message);
	}

	static SnsError invalidClientTokenId() {
		return new SnsError("InvalidClientTokenId", 403, true, "The security token included in the request is invalid.");
	}

	static SnsError signatureDoesNotMatch(String message) {
		return new SnsError("SignatureDoesNotMatch", 403, true, message);
	}

	static SnsError missingAuthenticationToken() {
		return new SnsError("MissingAuthenticationToken", 403, true, "Request is missing Authentication Token");
	}

	static SnsError incompleteSignature(String message) {
		return new SnsError("IncompleteSignature", 400, true, message);
	}

	static SnsError invalidAction(String action) {
		return new SnsError("InvalidAction", 400, true, "The action " + action
				+ " is not valid for this endpoint; the local server answers CreateTopic, ListTopics, Subscribe, "
				+ "Publish and PublishBatch.");
	}

	static SnsError batch(String code, String message) {
		return new SnsError(code, 400, true, message);
	}

	static SnsError internal(String message) {
		return new SnsError("InternalError", 500, false, message);
	}

	String code() {
		return this.code;
	}

	int status() {
		return this.status;
	}

	boolean senderFault() {
		return this.senderFault;
	}

}
