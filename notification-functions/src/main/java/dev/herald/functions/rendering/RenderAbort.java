package dev.herald.functions.rendering;

/**
 * Stops a render because it broke one of Herald's limits. Its message is the admin-facing reason; no stack trace is
 * filled in, since it is expected and thrown often by hostile templates.
 */
final class RenderAbort extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RenderAbort(String reason) {
		super(reason, null, false, false);
	}

}
