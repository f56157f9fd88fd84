package dev.herald.functions.rendering;

import java.util.function.Consumer;

import liqp.Insertion;
import liqp.TemplateContext;
import liqp.blocks.Block;
import liqp.nodes.LNode;
import liqp.parser.Flavor;
import liqp.tags.Tag;

/**
 * Liqp's tags and blocks, each checking the render's clock before it runs. Liqp never checks time inside a loop, so
 * a body of nothing but {@code {% if %}} tags (no output, no filter) would otherwise run on after the time limit
 * until it hit the iteration limit.
 */
final class GuardedInsertions {

	private GuardedInsertions() {
	}

	/** Hands a guarded copy of every insertion of {@code flavor} to {@code blocks} or {@code tags}. */
	static void of(Flavor flavor, Consumer<Block> blocks, Consumer<Tag> tags) {
		for (Insertion insertion : flavor.getInsertions().values()) {
			// Liqp's lexer tells blocks from tags by type, so each stays what it was.
			if (insertion instanceof Block) {
				blocks.accept(new GuardedBlock(insertion));
			}
			else {
				tags.accept(new GuardedTag(insertion));
			}
		}
	}

	private static final class GuardedBlock extends Block {

		private final Insertion delegate;

		GuardedBlock(Insertion delegate) {
			super(delegate.name);
			this.delegate = delegate;
		}

		@Override
		public Object render(TemplateContext context, LNode... nodes) {
			RenderBudget.current().checkTime();
			return this.delegate.render(context, nodes);
		}

	}

	private static final class GuardedTag extends Tag {

		private final Insertion delegate;

		GuardedTag(Insertion delegate) {
			super(delegate.name);
			this.delegate = delegate;
		}

		@Override
		public Object render(TemplateContext context, LNode... nodes) {
			RenderBudget.current().checkTime();
			return this.delegate.render(context, nodes);
		}

	}

}
