package dev.herald.functions.rendering;

import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * One of Liqp's filters, under the render budget. Liqp checks size only where blocks join text, so without this
 * {@code {% assign s = s | append: s %}} in a 40-round loop would build a string of 2^40 characters.
 */
final class GuardedFilter extends Filter {

	private final Filter delegate;

	GuardedFilter(Filter delegate) {
		super(delegate.name);
		this.delegate = delegate;
	}

	@Override
	public Object apply(Object value, TemplateContext context, Object... params) {
		RenderBudget budget = RenderBudget.current();
		budget.checkTime();
		switch (this.name) {
			case "replace" -> budget.willBuild(replacedLength(value, context, params));
			// Liqp's round builds a pattern with one character per requested decimal place.
			case "round" -> {
				if (params.length > 0 && canBeDouble(params[0])
						&& Math.abs(asNumber(params[0]).doubleValue()) > RenderBudget.MAX_NUMBER_DIGITS) {
					throw new RenderAbort("round takes at most " + RenderBudget.MAX_NUMBER_DIGITS + " decimal places");
				}
			}
			default -> {
			}
		}
		Object result = this.delegate.apply(value, context, params);
		budget.built(result);
		return result;
	}

	/** What Liqp's {@code replace} would build: the only filter whose output can be the square of its input. */
	private long replacedLength(Object value, TemplateContext context, Object... params) {
		if (params.length == 0 || params[0] == null) {
			return 0;
		}
		String text = asString(value, context);
		String needle = String.valueOf(params[0]);
		long replacement = (params.length > 1 && params[1] != null) ? asString(params[1], context).length() : 0;
		if (replacement <= needle.length()) {
			return text.length();
		}
		long occurrences = 0;
		if (needle.isEmpty()) {
			occurrences = text.length() + 1L;
		}
		else {
			for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
				occurrences++;
			}
		}
		return text.length() + occurrences * (replacement - needle.length());
	}

}
