package dev.herald.functions.rendering;

import liqp.RenderTransformer;
import liqp.TemplateContext;

/**
 * Joins rendered pieces like Liqp's default does, but checks the output limit before every piece rather than after,
 * and the render's clock too: appending is the one thing every loop body and block does, so a runaway render stops
 * here even when it calls no filter.
 */
final class BudgetedRenderTransformer implements RenderTransformer {

	static final BudgetedRenderTransformer INSTANCE = new BudgetedRenderTransformer();

	private BudgetedRenderTransformer() {
	}

	@Override
	public ObjectAppender.Controller newObjectAppender(TemplateContext context, int estimatedNumberOfAppends) {
		RenderBudget budget = RenderBudget.current();
		return new ObjectAppender.Controller() {

			private final StringBuilder text = new StringBuilder();

			@Override
			public void append(Object piece) {
				CharSequence chars = (piece instanceof CharSequence sequence) ? sequence : String.valueOf(piece);
				budget.append(this.text.length(), chars.length());
				this.text.append(chars);
			}

			@Override
			public Object getResult() {
				return this.text.toString();
			}

		};
	}

	@Override
	public Object transformObject(TemplateContext context, Object rendered) {
		return String.valueOf(rendered);
	}

}
