package dev.herald.functions.rendering;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.herald.functions.rendering.RenderOutcome.Failed;
import dev.herald.functions.rendering.RenderOutcome.Rendered;
import liqp.TemplateParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxTests {

	private static final String SECRET = "TOP-SECRET-FILE-CONTENT";

	@TempDir
	static Path directory;

	static Path secretFile;

	private final TemplateRenderer renderer = new TemplateRenderer(RenderLimits.defaults());

	@BeforeAll
	static void writeSecretFile() throws IOException {
		secretFile = Files.writeString(directory.resolve("secret.liquid"), SECRET);
	}

	static Stream<String> fileNames() {
		Path relative = Path.of("").toAbsolutePath().relativize(secretFile);
		return Stream.of("/etc/passwd", "../../etc/passwd", "../../../../../../../../etc/passwd", "file:///etc/passwd",
				"/proc/self/environ", secretFile.toString(), relative.toString(), secretFile.toUri().toString(),
				directory.resolve("secret").toString());
	}

	static Stream<Arguments> fileInclusions() {
		List<Arguments> inclusions = new ArrayList<>();
		fileNames().forEach((name) -> {
			for (String tag : List.of("include", "render", "include_relative")) {
				inclusions.add(Arguments.of("{% " + tag + " '" + name + "' %}"));
				inclusions.add(Arguments.of("{% " + tag + " \"" + name + "\" %}"));
			}
			inclusions.add(Arguments.of("{% assign p = '" + name + "' %}{% include p %}"));
		});
		return inclusions.stream();
	}

	@Test
	void liqpsDefaultResolverReadsAnyFileSoItMustNeverBeUsed() {
		// The hazard these tests guard against: Liqp, as configured out of the box, prints the file.
		String output = new TemplateParser.Builder().build().parse("{% include '" + secretFile + "' %}").render();

		assertThat(output).contains(SECRET);
	}

	@ParameterizedTest
	@MethodSource("fileInclusions")
	void includingAFileFailsWithoutRevealingIt(String template) {
		RenderOutcome outcome = this.renderer.render("before {{ x }} " + template + " after", Map.of("x", "y"),
				Escaping.NONE);
		List<Failed> problems = this.renderer.check(template);

		assertThat(outcome).isInstanceOf(Failed.class);
		assertThat(outcome.toString()).doesNotContain(SECRET).doesNotContain("root:");
		assertThat(problems.toString()).doesNotContain(SECRET).doesNotContain("root:");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{% render 'x' %}", "{% include_relative 'x' %}" })
	void renderAndIncludeRelativeAreUnknownTags(String template) {
		RenderOutcome outcome = this.renderer.render(template, Map.of(), Escaping.NONE);

		assertThat(outcome).isInstanceOf(Failed.class);
		assertThat(((Failed) outcome).reason()).startsWith("unknown tag");
		assertThat(this.renderer.check(template)).hasSize(1);
	}

	@Test
	void anIncludeNamesTheMissingPartial() {
		assertThat(this.renderer.render("{% include '/etc/passwd' %}", Map.of(), Escaping.NONE))
			.isEqualTo(new Failed("unknown partial '/etc/passwd'"));
	}

	@Test
	void partialsComeOnlyFromThePartialSource() {
		PartialSource tenantPartials = (name) -> name.equals("footer") ? Optional.of("-- {{ tenant.name }}")
				: Optional.empty();
		TemplateRenderer renderer = new TemplateRenderer(RenderLimits.defaults(), tenantPartials);

		assertThat(renderer.render("Hi{% include 'footer' %}", Map.of("tenant", Map.of("name", "Tea & Co")),
				Escaping.HTML))
			.isEqualTo(new Rendered("Hi-- Tea &amp; Co"));
		assertThat(renderer.render("{% include '" + secretFile + "' %}", Map.of(), Escaping.NONE).toString())
			.doesNotContain(SECRET);
	}

	@Test
	void aPartialIncludingItselfFailsInsteadOfThrowing() {
		TemplateRenderer renderer = new TemplateRenderer(RenderLimits.defaults(),
				(name) -> Optional.of("again {% include 'loop' %}"));

		assertThat(renderer.render("{% include 'loop' %}", Map.of(), Escaping.NONE)).isInstanceOf(Failed.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{{ x.class }}", "{{ x.class.name }}", "{{ x.getClass }}", "{{ x.getClass.name }}",
			"{{ x['class'] }}", "{{ x.class.classLoader }}", "{{ x.getBytes }}", "{{ x.toString }}", "{{ x.hashCode }}",
			"{{ m.class }}", "{{ m.getClass }}", "{{ m.entrySet }}", "{{ m.keySet }}", "{{ m.values }}",
			"{{ l.class }}", "{{ l.getClass.name }}", "{{ l.iterator }}", "{{ n.class }}", "{{ n.getClass }}",
			"{{ b.class }}", "{{ probe.secret }}", "{{ probe.getSecret }}", "{{ probe.class.name }}",
			"{{ 'text'.class }}", "{{ (1..3).class }}", "{% for i in (1..1) %}{{ forloop.class }}{% endfor %}",
			"{{ tenant.class.forName }}", "{{ x | map: 'class' }}" })
	void noJavaClassOrMethodIsReachable(String template) {
		RenderOutcome outcome = this.renderer.render(template, javaModel(), Escaping.NONE);

		if (outcome instanceof Rendered rendered) {
			assertThat(rendered.text()).isEmpty();
		}
		assertThat(outcome.toString()).doesNotContainIgnoringCase("java.").doesNotContain("Probe").doesNotContain("@");
		assertThat(Probe.called).isFalse();
	}

	@Test
	void arbitraryObjectsInTheModelArriveAsTextAndTheirGettersAreNeverCalled() {
		RenderOutcome outcome = this.renderer.render("{{ probe }}|{{ probe | json }}|{{ probe.secret }}", javaModel(),
				Escaping.NONE);

		assertThat(outcome).isEqualTo(new Rendered("a probe|\"a probe\"|"));
		assertThat(Probe.called).isFalse();
	}

	@Test
	void jsonSerializesMapsButNoObjectGetters() throws Exception {
		AtomicBoolean called = new AtomicBoolean();
		Object bean = new Object() {
			@SuppressWarnings("unused")
			public String getSecret() {
				called.set(true);
				return "secret";
			}
		};

		String json = TemplateRenderer.blindObjectMapper().writeValueAsString(Map.of("bean", bean, "k", "v"));

		assertThat(json).doesNotContain("secret").contains("\"k\":\"v\"");
		assertThat(called).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "${T(java.lang.Runtime).getRuntime().exec('id')}", "[[${7*7}]]", "[(${7*7})]",
			"#{7*7}", "#{T(java.lang.System).getenv()}", "*{7*7}", "@{/admin}", "~{::footer}",
			"__${T(java.lang.Runtime).getRuntime().exec('id')}__::.x", "%{(#rt=@java.lang.Runtime@getRuntime())}",
			"${7*7} #{7*7} [[${7*7}]] __${7*7}__", "<th:block th:text=\"${7*7}\"/>", "#set($x=7*7)$x" })
	void thymeleafSpelAndOgnlSyntaxStaysLiteral(String payload) {
		assertThat(this.renderer.render(payload, Map.of(), Escaping.NONE)).isEqualTo(new Rendered(payload));
		assertThat(this.renderer.render("{{ v }}", Map.of("v", payload), Escaping.NONE))
			.isEqualTo(new Rendered(payload));
	}

	@Test
	void jinjaStyleExpressionsAreNotEvaluatedEither() {
		RenderOutcome outcome = this.renderer.render("${{7*7}}", Map.of(), Escaping.NONE);

		assertThat(outcome.toString()).doesNotContain("49");
	}

	@Test
	void aDeeplyNestedTemplateFailsInsteadOfThrowing() {
		TemplateRenderer renderer = new TemplateRenderer(new RenderLimits(4_000_000, 10_000, 524_288, 10_000));
		String nested = "{% if true %}".repeat(100_000) + "x" + "{% endif %}".repeat(100_000);

		assertThat(renderer.render(nested, Map.of(), Escaping.NONE)).isEqualTo(new Failed("template is nested too deeply"));
		assertThat(renderer.check(nested)).containsExactly(new Failed("template is nested too deeply"));
	}

	@Test
	void aDeeplyNestedTemplateWithinTheSizeLimitFailsInsteadOfThrowing() {
		String nested = "{%if 1%}".repeat(3_600) + "x" + "{%endif%}".repeat(3_600);

		assertThat(this.renderer.render(nested, Map.of(), Escaping.NONE)).isInstanceOf(Failed.class);
	}

	@Test
	void realisticNestingRenders() {
		String nested = "{% if true %}".repeat(50) + "x" + "{% endif %}".repeat(50);

		assertThat(this.renderer.render(nested, Map.of(), Escaping.NONE)).isEqualTo(new Rendered("x"));
	}

	@Test
	void aCyclicModelRendersInsteadOfLoopingForever() {
		Map<String, Object> cyclic = new LinkedHashMap<>();
		cyclic.put("name", "loop");
		cyclic.put("self", cyclic);

		assertThat(this.renderer.render("{{ m.self.self.self.name }}", Map.of("m", cyclic), Escaping.NONE))
			.isEqualTo(new Rendered("loop"));
	}

	private static Map<String, Object> javaModel() {
		return Map.of("x", "text", "m", Map.of("k", "v"), "l", List.of("a"), "n", 7, "b", true, "probe", new Probe(),
				"tenant", Map.of("name", "Tea & Co"));
	}

	/** Records whether any of its methods but toString was ever called. */
	public static final class Probe {

		static volatile boolean called;

		public String getSecret() {
			called = true;
			return "the probe's secret";
		}

		public Class<?> getKlass() {
			called = true;
			return Probe.class;
		}

		@Override
		public String toString() {
			return "a probe";
		}

	}

}
