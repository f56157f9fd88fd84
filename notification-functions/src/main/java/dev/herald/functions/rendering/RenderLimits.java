package dev.herald.functions.rendering;

/**
 * How much one render may cost. Liqp's own defaults are unlimited, and templates are written by tenants, so every
 * render runs under all of these.
 *
 * <p>
 * Besides these, a render may build at most 32 × {@code maxOutputChars} characters of text in total (captures, loop
 * bodies, filter results), which bounds the memory a template can hold on to even when its final output is small.
 *
 * @param maxTemplateSizeBytes largest template source accepted, in UTF-8 bytes
 * @param maxRenderTimeMillis longest a parse plus render may take, wall clock
 * @param maxOutputChars largest output, and largest single value a filter may build, in characters
 * @param maxLoopIterations most {@code for}/{@code tablerow} iterations in one render, over all loops together
 */
public record RenderLimits(int maxTemplateSizeBytes, long maxRenderTimeMillis, int maxOutputChars,
		int maxLoopIterations) {

	public static final int DEFAULT_MAX_TEMPLATE_SIZE_BYTES = 64 * 1024;

	public static final long DEFAULT_MAX_RENDER_TIME_MILLIS = 2_000;

	public static final int DEFAULT_MAX_OUTPUT_CHARS = 512 * 1024;

	public static final int DEFAULT_MAX_LOOP_ITERATIONS = 10_000;

	/** Intermediate text may be this many times the output limit: nested blocks count their text once per level. */
	private static final int INTERMEDIATE_FACTOR = 32;

	public RenderLimits {
		requirePositive(maxTemplateSizeBytes, "maxTemplateSizeBytes");
		requirePositive(maxRenderTimeMillis, "maxRenderTimeMillis");
		requirePositive(maxOutputChars, "maxOutputChars");
		requirePositive(maxLoopIterations, "maxLoopIterations");
	}

	/** 64 KiB templates, 2 s, 512 Ki characters of output, 10 000 loop iterations. */
	public static RenderLimits defaults() {
		return new RenderLimits(DEFAULT_MAX_TEMPLATE_SIZE_BYTES, DEFAULT_MAX_RENDER_TIME_MILLIS,
				DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_MAX_LOOP_ITERATIONS);
	}

	/** Most characters of text one render may build in total. */
	long maxIntermediateChars() {
		return (long) INTERMEDIATE_FACTOR * this.maxOutputChars;
	}

	private static void requirePositive(long value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

}
