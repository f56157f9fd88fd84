package dev.herald.functions.rendering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.herald.functions.rendering.RenderOutcome.Failed;
import dev.herald.functions.rendering.RenderOutcome.Rendered;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RenderLimitsTests {

	private final TemplateRenderer renderer = new TemplateRenderer(RenderLimits.defaults());

	@Test
	void defaultsAreSixtyFourKibibytesTwoSecondsHalfAMebicharAndTenThousandIterations() {
		RenderLimits defaults = RenderLimits.defaults();

		assertThat(defaults.maxTemplateSizeBytes()).isEqualTo(65_536);
		assertThat(defaults.maxRenderTimeMillis()).isEqualTo(2_000);
		assertThat(defaults.maxOutputChars()).isEqualTo(524_288);
		assertThat(defaults.maxLoopIterations()).isEqualTo(10_000);
	}

	@Test
	void limitsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RenderLimits(0, 1, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new RenderLimits(1, -1, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new RenderLimits(1, 1, 0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new RenderLimits(1, 1, 1, 0));
	}

	@Test
	void aHundredMillionIterationLoopStopsAtTheIterationLimit() {
		RenderOutcome outcome = this.renderer.render("{% for i in (1..100000000) %}{{ i }}{% endfor %}", Map.of(),
				Escaping.NONE);

		assertThat(outcome).isEqualTo(new Failed("more than 10000 loop iterations"));
	}

	@Test
	void nestedLoopsCountTogether() {
		// 200 × 200 = 40 000 iterations, though each loop alone is small and the output only 40 000 characters.
		RenderOutcome outcome = this.renderer.render(
				"{% for i in (1..200) %}{% for j in (1..200) %}x{% endfor %}{% endfor %}", Map.of(), Escaping.NONE);

		assertThat(outcome).isEqualTo(new Failed("more than 10000 loop iterations"));
	}

	@Test
	void loopsOverModelListsCountToo() {
		List<Integer> numbers = new ArrayList<>();
		for (int i = 0; i < 10_001; i++) {
			numbers.add(i);
		}

		RenderOutcome outcome = this.renderer.render("{% for n in numbers %}{% endfor %}", Map.of("numbers", numbers),
				Escaping.NONE);

		assertThat(outcome).isEqualTo(new Failed("more than 10000 loop iterations"));
	}

	@Test
	void loopsUpToTheLimitRender() {
		RenderOutcome outcome = this.renderer.render("{% for i in (1..10000) %}x{% endfor %}", Map.of(),
				Escaping.NONE);

		assertThat(outcome).isEqualTo(new Rendered("x".repeat(10_000)));
	}

	@Test
	void doublingAStringWithAppendStopsAtTheOutputLimit() {
		// 2^40 characters unguarded; the iteration limit alone would never stop it.
		RenderOutcome outcome = this.renderer.render(
				"{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}",
				Map.of(), Escaping.NONE);

		assertThat(outcome).isInstanceOf(Failed.class);
		Failed failed = (Failed) outcome;
		assertThat(failed.reason()).isEqualTo("a filter built a value larger than 524288 characters");
		assertThat(failed.line()).isEqualTo(1);
		assertThat(failed.column()).isPositive();
	}

	@Test
	void hugeOutputStopsAtTheOutputLimit() {
		RenderOutcome outcome = this.renderer.render("{% for i in (1..10000) %}{{ chunk }}{% endfor %}",
				Map.of("chunk", "y".repeat(100)), Escaping.NONE);

		assertThat(outcome).isEqualTo(new Failed("output larger than 524288 characters"));
	}

	@Test
	void outputExactlyAtTheLimitRenders() {
		RenderLimits limits = new RenderLimits(65_536, 2_000, 1_000, 10_000);

		RenderOutcome outcome = new TemplateRenderer(limits).render("{% for i in (1..10) %}{{ c }}{% endfor %}",
				Map.of("c", "z".repeat(100)), Escaping.NONE);

		assertThat(outcome).isEqualTo(new Rendered("z".repeat(1_000)));
	}

	@Test
	void replaceCannotSquareAString() {
		// 10 000 × 10 000 = 100 million characters, built in one filter call if Liqp were left alone.
		RenderOutcome outcome = this.renderer.render("{{ s | replace: 'x', s }}", Map.of("s", "x".repeat(10_000)),
				Escaping.NONE);

		assertThat(outcome).isEqualTo(new Failed("a filter built a value larger than 524288 characters", 1, 6));
	}

	@Test
	void multiplyingANumberByItselfStopsBeforeItGetsHuge() {
		RenderOutcome outcome = this.renderer.render(
				"{% assign n = 1.5 %}{% for i in (1..40) %}{% assign n = n | times: n %}{% endfor %}{{ n }}",
				Map.of(), Escaping.NONE);

		assertThat(outcome).isInstanceOf(Failed.class);
		assertThat(((Failed) outcome).reason()).isEqualTo("a filter built a number with more than 1000 digits");
	}

	@Test
	void roundingToABillionPlacesIsRefused() {
		RenderOutcome outcome = this.renderer.render("{{ 1.5 | round: 1000000000 }}", Map.of(), Escaping.NONE);

		assertThat(outcome).isEqualTo(new Failed("round takes at most 1000 decimal places", 1, 8));
	}

	@Test
	void capturingTheSameTextOverAndOverStopsAtTheTotalTextLimit() {
		// The output stays empty, yet unguarded this keeps 100 copies of 400 000 characters alive.
		StringBuilder template = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			template.append("{% capture c").append(i).append(" %}{{ big }}{% endcapture %}");
		}

		RenderOutcome outcome = this.renderer.render(template.toString(), Map.of("big", "b".repeat(400_000)),
				Escaping.NONE);

		assertThat(outcome).isEqualTo(new Failed("template builds more than 16777216 characters of text in total"));
	}

	@Test
	void aTemplateLargerThanTheLimitIsRefusedBeforeParsing() {
		String template = "a".repeat(65_537);

		assertThat(this.renderer.render(template, Map.of(), Escaping.NONE))
			.isEqualTo(new Failed("template larger than 65536 bytes"));
		assertThat(this.renderer.check(template)).containsExactly(new Failed("template larger than 65536 bytes"));
	}

	@Test
	void aTemplateOfExactlyTheLimitIsAccepted() {
		String template = "a".repeat(65_536);

		assertThat(this.renderer.render(template, Map.of(), Escaping.NONE)).isEqualTo(new Rendered(template));
	}

	@Test
	void templateSizeCountsUtf8BytesNotCharacters() {
		// 22 000 characters, but 66 000 bytes: Hangul takes three bytes each.
		String korean = "한".repeat(22_000);
		// 30 000 characters of two bytes each fit.
		String french = "é".repeat(30_000);

		assertThat(this.renderer.render(korean, Map.of(), Escaping.NONE))
			.isEqualTo(new Failed("template larger than 65536 bytes"));
		assertThat(this.renderer.render(french, Map.of(), Escaping.NONE)).isEqualTo(new Rendered(french));
	}

	@Test
	void aSlowRenderStopsAtTheTimeLimit() {
		TemplateRenderer renderer = new TemplateRenderer(new RenderLimits(65_536, 200, 524_288, 10_000));
		// 10 000 scans of a 90 000-item list: many seconds of work, but no output and no filter.
		String template = "{% for i in (1..10000) %}{% if items contains 'needle' %}found{% endif %}{% endfor %}";
		Set<Thread> before = renderThreads();

		long started = System.nanoTime();
		RenderOutcome outcome = renderer.render(template, Map.of("items", haystack(90_000)), Escaping.NONE);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(outcome).isEqualTo(new Failed("rendering took longer than 200 ms"));
		assertThat(took).isLessThan(Duration.ofMillis(1_500));
		// The render thread itself gives up soon after, rather than burning CPU until the iteration limit.
		Set<Thread> workers = renderThreads();
		workers.removeAll(before);
		for (Thread thread : workers) {
			assertThat(joined(thread, Duration.ofSeconds(2))).as("%s stopped", thread.getName()).isTrue();
		}
	}

	@Test
	void aFastRenderIsNotHeldUpByTheTimeLimit() {
		long started = System.nanoTime();
		this.renderer.render("Hello", Map.of(), Escaping.NONE);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_000));
	}

	private static List<String> haystack(int size) {
		List<String> items = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			items.add("hay-" + i);
		}
		return items;
	}

	private static Set<Thread> renderThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("herald-render-"))
			.collect(Collectors.toSet());
	}

	private static boolean joined(Thread thread, Duration timeout) {
		try {
			thread.join(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return !thread.isAlive();
	}

}
