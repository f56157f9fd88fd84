package dev.herald.functions.rendering;

import java.util.List;
import java.util.Map;

import dev.herald.functions.rendering.RenderOutcome.Failed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateErrorsTests {

	private final TemplateRenderer renderer = new TemplateRenderer(RenderLimits.defaults());

	@Test
	void anUnknownFilterIsReportedWithItsPosition() {
		String template = "Hello\n\n  Your order {{ data.orderId | shout }}";

		// Column 30 is the "|" before the filter name.
		Failed expected = new Failed("unknown filter 'shout'", 3, 30);
		assertThat(this.renderer.check(template)).containsExactly(expected);
		assertThat(this.renderer.render(template, Map.of(), Escaping.NONE)).isEqualTo(expected);
	}

	@Test
	void anUnknownTagIsReportedWithItsPosition() {
		String template = "Hello\n   {% shout data.orderId %}";

		Failed expected = new Failed("unknown tag 'shout'", 2, 7);
		assertThat(this.renderer.check(template)).containsExactly(expected);
		assertThat(this.renderer.render(template, Map.of(), Escaping.NONE)).isEqualTo(expected);
	}

	@Test
	void anUnclosedOutputIsReportedWhereItBreaks() {
		assertThat(this.renderer.check("line one\nHello {{ customer.name "))
			.containsExactly(new Failed("syntax error: no viable alternative at input '{{ customer.name '", 2, 24));
	}

	@Test
	void anUnclosedBlockIsReportedAtTheEndOfTheTemplate() {
		assertThat(this.renderer.check("{% if customer %}\nHello\n"))
			.containsExactly(new Failed("syntax error: the template ends before a tag, output or block is closed", 3, 1));
	}

	@Test
	void anEndTagWithoutItsBlockIsReportedWhereItStands() {
		assertThat(this.renderer.check("a\nb\n  {% endif %}"))
			.containsExactly(new Failed("syntax error: mismatched input '{%' expecting end of template", 3, 3));
	}

	@Test
	void aValidTemplateHasNoProblems() {
		assertThat(this.renderer.check("{% for line in data.lines %}{{ line.name | upcase }}{% endfor %}")).isEmpty();
	}

	@Test
	void checkingDoesNotRender() {
		// Rendering this would fail at the iteration limit; parsing it is fine.
		assertThat(this.renderer.check("{% for i in (1..100000000) %}{{ i }}{% endfor %}")).isEmpty();
	}

	@Test
	void aFilterFailingAtRenderTimeIsReportedWithItsPosition() {
		assertThat(this.renderer.render("x\n{{ 'ten' | divided_by: 0 }}", Map.of(), Escaping.NONE))
			.isEqualTo(new Failed("rendering failed: not a number: \"ten\"", 2, 10));
		assertThat(this.renderer.render("{{ 10 | divided_by: 0 }}", Map.of(), Escaping.NONE))
			.isEqualTo(new Failed("rendering failed: arithmetic error: / by zero", 1, 7));
	}

	@Test
	void aFilterGivenTheWrongKindOfValueDoesNotNameJavaClasses() {
		assertThat(this.renderer.render("{{ names | map: 'first' }}", Map.of("names", List.of("a")),
				Escaping.NONE))
			.isEqualTo(new Failed("rendering failed: a filter was given a value of the wrong kind", 1, 10));
	}

	@Test
	void aMissingTemplateIsAProblem() {
		assertThat(this.renderer.check(null)).containsExactly(new Failed("template is missing"));
	}

}
