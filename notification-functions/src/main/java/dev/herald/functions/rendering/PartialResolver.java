package dev.herald.functions.rendering;

import java.io.IOException;

import liqp.antlr.CharStreamWithLocation;
import liqp.antlr.NameResolver;
import liqp.org.antlr.v4.runtime.CharStreams;

/**
 * Resolves {@code include} names against a {@link PartialSource} only. It replaces Liqp's default resolver, which
 * opens any absolute path it is given, so {@code {% include '/etc/passwd' %}} rendered the password file.
 */
final class PartialResolver implements NameResolver {

	private static final int MAX_NAME_IN_MESSAGE = 80;

	private final PartialSource partials;

	private final RenderLimits limits;

	PartialResolver(PartialSource partials, RenderLimits limits) {
		this.partials = partials;
		this.limits = limits;
	}

	@Override
	public CharStreamWithLocation resolve(String name) throws IOException {
		String source = this.partials.find(name).orElseThrow(() -> new UnknownPartialException(name));
		if (TemplateRenderer.utf8LengthExceeds(source, this.limits.maxTemplateSizeBytes())) {
			throw new RenderAbort("partial '" + shown(name) + "' larger than " + this.limits.maxTemplateSizeBytes()
					+ " bytes");
		}
		// An unnamed stream, so Liqp attaches no file-system location to the partial.
		return new CharStreamWithLocation(CharStreams.fromString(source), null);
	}

	static String shown(String name) {
		String printable = String.valueOf(name).replaceAll("\\p{Cntrl}", "?");
		return (printable.length() <= MAX_NAME_IN_MESSAGE) ? printable
				: printable.substring(0, MAX_NAME_IN_MESSAGE) + "…";
	}

	/** An include named something the tenant has no partial for; an IOException because that is Liqp's contract. */
	static final class UnknownPartialException extends IOException {

		private static final long serialVersionUID = 1L;

		UnknownPartialException(String name) {
			super("unknown partial '" + shown(name) + "'");
		}

	}

}
