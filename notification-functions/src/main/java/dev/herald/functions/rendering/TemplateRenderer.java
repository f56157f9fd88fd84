package dev.herald.functions.rendering;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.functions.rendering.RenderOutcome.Failed;
import dev.herald.functions.rendering.RenderOutcome.Rendered;
import liqp.Template;
import liqp.TemplateParser;
import liqp.filters.Filter;
import liqp.parser.Flavor;
import liqp.parser.v4.NodeVisitor;

/**
 * Renders tenant-authored Liquid templates in a sandbox. Templates are untrusted: they cannot read files, reach Java
 * objects or methods, or spend more than the {@link RenderLimits} allow, and nothing they do makes {@link #render}
 * throw. One instance is meant to be shared; it is thread-safe.
 *
 * <p>
 * Each call parses afresh and renders on a thread of its own. Liqp's parsed {@link Template} keeps per-render state in
 * fields, so sharing one between concurrent renders could mix two recipients' data; and a separate thread gives every
 * render the same stack to overflow, lets the caller stop waiting at the time limit, and leaves no thread-local state
 * behind.
 */
public final class TemplateRenderer {

	/** Plenty for any real template; deeper nesting ends in a StackOverflowError that becomes a Failed. */
	private static final long RENDER_STACK_BYTES = 1024 * 1024;

	/** A builder is not thread-safe, its factory is. */
	private static final ThreadFactory RENDER_THREADS = Thread.ofPlatform()
		.name("herald-render-", 0)
		.daemon(true)
		.stackSize(RENDER_STACK_BYTES)
		.factory();

	private final RenderLimits limits;

	private final TemplateParser parser;

	public TemplateRenderer(RenderLimits limits) {
		this(limits, PartialSource.none());
	}

	public TemplateRenderer(RenderLimits limits, PartialSource partials) {
		this.limits = Objects.requireNonNull(limits, "limits");
		this.parser = sandboxedParser(limits, Objects.requireNonNull(partials, "partials"));
	}

	public RenderLimits limits() {
		return this.limits;
	}

	/**
	 * Renders {@code templateSource} with {@code model}. Variables the model lacks render as empty.
	 * @param templateSource Liquid source written by a tenant's admin
	 * @param model the values the template may use; copied, never modified, only plain data reaches the template
	 * @param escaping whether strings from the model are HTML-escaped; {@code null} means {@link Escaping#HTML}
	 * @return the output, or why there is none; never throws
	 */
	public RenderOutcome render(String templateSource, Map<String, ?> model, Escaping escaping) {
		try {
			Failed tooLarge = checkSize(templateSource);
			if (tooLarge != null) {
				return tooLarge;
			}
			Escaping effective = (escaping != null) ? escaping : Escaping.HTML;
			return bounded(() -> {
				Map<String, Object> variables = ModelSanitizer.sanitize(model, effective);
				Template template = this.parser.parse(templateSource);
				return new Rendered(template.renderUnguarded(variables));
			});
		}
		catch (Throwable ex) {
			// Errors included: the render ran on its own thread, so a StackOverflowError or OutOfMemoryError there
			// unwound only the render; what reaches here (say, no thread could be started) is reported, not thrown.
			return Failures.of(ex, this.limits);
		}
	}

	/**
	 * Parses {@code templateSource} without rendering it, for the console's editor.
	 * @return the problems found, empty when the template is fine; at most one, as parsing stops at the first
	 */
	public List<Failed> check(String templateSource) {
		RenderOutcome outcome;
		try {
			Failed tooLarge = checkSize(templateSource);
			outcome = (tooLarge != null) ? tooLarge : bounded(() -> {
				Template template = this.parser.parse(templateSource);
				// Unknown filters surface only when Liqp builds its nodes, which it otherwise does when rendering.
				new NodeVisitor(this.parser.insertions, this.parser.filters, this.parser.liquidStyleInclude)
					.visit(template.getParseTree());
				return new Rendered("");
			});
		}
		catch (Throwable ex) {
			outcome = Failures.of(ex, this.limits);
		}
		return (outcome instanceof Failed failed) ? List.of(failed) : List.of();
	}

	private Failed checkSize(String templateSource) {
		if (templateSource == null) {
			return new Failed("template is missing");
		}
		// Liqp's own size limit counts characters, and only after parsing the whole template.
		if (utf8LengthExceeds(templateSource, this.limits.maxTemplateSizeBytes())) {
			return new Failed("template larger than " + this.limits.maxTemplateSizeBytes() + " bytes");
		}
		return null;
	}

	/** Runs {@code work} on a render thread under a fresh budget, waiting no longer than the time limit. */
	private RenderOutcome bounded(Supplier<RenderOutcome> work) {
		RenderBudget budget = new RenderBudget(this.limits, System.nanoTime());
		CompletableFuture<RenderOutcome> outcome = new CompletableFuture<>();
		Thread worker = RENDER_THREADS.newThread(() -> {
			try {
				outcome.complete(budget.spend(work));
			}
			catch (Throwable ex) {
				outcome.complete(Failures.of(ex, this.limits));
			}
		});
		worker.start();
		try {
			return outcome.get(this.limits.maxRenderTimeMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return new Failed(RenderBudget.timeoutReason(this.limits));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Failed("rendering was interrupted");
		}
		catch (ExecutionException ex) {
			return Failures.of(ex.getCause(), this.limits);
		}
		finally {
			// Liqp never looks at interrupts; the budget makes the worker stop at its next filter or append.
			budget.cancel();
		}
	}

	static boolean utf8LengthExceeds(String text, long maxBytes) {
		if (text.length() > maxBytes) {
			return true;
		}
		if (text.length() * 3L <= maxBytes) {
			return false;
		}
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
			if (bytes > maxBytes) {
				return true;
			}
		}
		return false;
	}

	private static TemplateParser sandboxedParser(RenderLimits limits, PartialSource partials) {
		TemplateParser.Builder builder = new TemplateParser.Builder()
			// Plain Liquid: no Jekyll include_relative, where_exp or push/pop, and unknown tags are syntax errors.
			.withFlavor(Flavor.LIQUID)
			.withErrorMode(TemplateParser.ErrorMode.STRICT)
			// Liquid's lenient default: a variable the event lacks renders as empty instead of failing the send.
			.withStrictVariables(false)
			// Comparing "98" with 97 compares numbers instead of failing the render.
			.withStrictTypedExpressions(false)
			// LAZY keeps the model as given; EAGER would push it through Jackson.
			.withEvaluateMode(TemplateParser.EvaluateMode.LAZY)
			// A failing include fails the render rather than silently rendering nothing.
			.withShowExceptionsFromInclude(true)
			.withNameResolver(new PartialResolver(partials, limits))
			.withObjectMapper(blindObjectMapper())
			.withRenderTransformer(BudgetedRenderTransformer.INSTANCE)
			// Fixed rather than the JVM's, so output does not depend on where Herald runs.
			.withLocale(Locale.ENGLISH)
			.withDefaultTimeZone(ZoneOffset.UTC)
			// Liqp enforces iterations and, where blocks join text, output size itself. Its template-size and time
			// limits apply only to its guarded render, which starts an executor thread per render and never stops
			// it on timeout, so Herald enforces those two itself (checkSize, bounded) and renders unguarded.
			.withMaxTemplateSizeBytes(limits.maxTemplateSizeBytes())
			.withMaxRenderTimeMillis(limits.maxRenderTimeMillis())
			.withMaxSizeRenderedString(limits.maxOutputChars())
			.withMaxIterations(limits.maxLoopIterations());
		for (Filter filter : Flavor.LIQUID.getFilters().getMap().values()) {
			builder.withFilter(new GuardedFilter(filter));
		}
		GuardedInsertions.of(Flavor.LIQUID, builder::withBlock, builder::withTag);
		return builder.build();
	}

	/**
	 * Liqp serializes with this mapper in its {@code json} filter. The model holds only plain data, but should any
	 * other object slip in, a mapper that detects no getters or fields cannot call into it.
	 */
	static ObjectMapper blindObjectMapper() {
		return JsonMapper.builder()
			.disable(MapperFeature.AUTO_DETECT_GETTERS, MapperFeature.AUTO_DETECT_IS_GETTERS,
					MapperFeature.AUTO_DETECT_FIELDS, MapperFeature.AUTO_DETECT_SETTERS,
					MapperFeature.AUTO_DETECT_CREATORS, MapperFeature.CAN_OVERRIDE_ACCESS_MODIFIERS)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.build();
	}

}
