package dev.herald.functions.rendering;

import java.util.Optional;

/**
 * Where {@code {% include 'name' %}} finds a partial's source. Liqp's default looks names up on the local file
 * system; Herald never does: a source may only answer with partials the rendering tenant stored itself. Renders call
 * it from many threads at once.
 */
@FunctionalInterface
public interface PartialSource {

	/**
	 * The source of the partial called {@code name}, or empty when there is none.
	 * @param name the name exactly as the template wrote it; untrusted, never a path
	 * @return the partial's Liquid source
	 */
	Optional<String> find(String name);

	/** No partials at all: every include fails. */
	static PartialSource none() {
		return (name) -> Optional.empty();
	}

}
