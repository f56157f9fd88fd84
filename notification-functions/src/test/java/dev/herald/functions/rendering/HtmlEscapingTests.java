package dev.herald.functions.rendering;

import java.util.List;
import java.util.Map;

import dev.herald.functions.rendering.RenderOutcome.Rendered;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlEscapingTests {

	private static final String HOSTILE_NAME = "<script>alert('pwned')</script>";

	private final TemplateRenderer renderer = new TemplateRenderer(RenderLimits.defaults());

	@Test
	void aHostileCustomerNameIsEscapedInHtml() {
		RenderOutcome outcome = this.renderer.render("<p>Hi {{ customer.name }}</p>",
				Map.of("customer", Map.of("name", HOSTILE_NAME)), Escaping.HTML);

		assertThat(outcome)
			.isEqualTo(new Rendered("<p>Hi &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;</p>"));
	}

	@Test
	void aHostileCustomerNameIsLeftAloneInPlainText() {
		RenderOutcome outcome = this.renderer.render("Hi {{ customer.name }}",
				Map.of("customer", Map.of("name", HOSTILE_NAME)), Escaping.NONE);

		assertThat(outcome).isEqualTo(new Rendered("Hi " + HOSTILE_NAME));
	}

	@Test
	void valuesCannotBreakOutOfAnAttribute() {
		RenderOutcome outcome = this.renderer.render("<a title=\"{{ v }}\" class='{{ v }}'>",
				Map.of("v", "x\" onmouseover=\"steal()' onclick='steal()"), Escaping.HTML);

		assertThat(outcome).isEqualTo(new Rendered("<a title=\"x&quot; onmouseover=&quot;steal()&#39; "
				+ "onclick=&#39;steal()\" class='x&quot; onmouseover=&quot;steal()&#39; onclick=&#39;steal()'>"));
	}

	@Test
	void stringsNestedInListsAndMapsAreEscapedToo() {
		Map<String, Object> model = Map.of("data",
				Map.of("lines", List.of(Map.of("name", "<img src=x onerror=alert(1)>"), Map.of("name", "Tea & Cake"))));

		RenderOutcome outcome = this.renderer.render("{% for line in data.lines %}[{{ line.name }}]{% endfor %}",
				model, Escaping.HTML);

		assertThat(outcome).isEqualTo(new Rendered("[&lt;img src=x onerror=alert(1)&gt;][Tea &amp; Cake]"));
	}

	@Test
	void filtersCannotUndoTheEscaping() {
		RenderOutcome outcome = this.renderer.render(
				"{{ n | upcase }}|{{ n | append: '!' }}|{{ n | split: '' | join: '' }}|{{ n | url_decode }}",
				Map.of("n", "<b>"), Escaping.HTML);

		assertThat(outcome).isEqualTo(new Rendered("&LT;B&GT;|&lt;b&gt;!|&lt;b&gt;|&lt;b&gt;"));
	}

	@Test
	void mapKeysPrintedWithAWholeMapAreEscapedToo() {
		RenderOutcome outcome = this.renderer.render("{{ meta }}", Map.of("meta", Map.of("<k>", "<v>")),
				Escaping.HTML);

		assertThat(outcome).isEqualTo(new Rendered("{&lt;k&gt;=&lt;v&gt;}"));
	}

	@Test
	void markupTheAdminWroteStaysMarkup() {
		RenderOutcome outcome = this.renderer.render("<b>{{ 'Bold & <i>literal</i>' }}</b>", Map.of(), Escaping.HTML);

		// Literals belong to the template, which is the admin's markup, so they are not escaped.
		assertThat(outcome).isEqualTo(new Rendered("<b>Bold & <i>literal</i></b>"));
	}

	@Test
	void numbersAndBooleansAreUntouched() {
		RenderOutcome outcome = this.renderer.render("{{ n }} {{ b }}", Map.of("n", 42, "b", true), Escaping.HTML);

		assertThat(outcome).isEqualTo(new Rendered("42 true"));
	}

}
