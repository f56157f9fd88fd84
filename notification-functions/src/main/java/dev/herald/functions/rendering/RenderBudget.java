package dev.herald.functions.rendering;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one render may still spend. Liqp checks output size only where blocks join text and cannot stop a running
 * render at all, so Herald's filters and appenders call into this budget to stop a render that runs too long or
 * builds too much text. It lives in a {@link ScopedValue} bound on the render's own thread.
 */
final class RenderBudget {

	/** Numbers past this many digits only come from templates multiplying in loops to burn CPU. */
	static final int MAX_NUMBER_DIGITS = 1_000;

	private static final ScopedValue<RenderBudget> CURRENT = ScopedValue.newInstance();

	private final RenderLimits limits;

	private final long deadlineNanos;

	/** Characters built so far by appenders and filters; only the render thread touches it. */
	private long builtChars;

	/** Set by the waiting caller once it gave up, so the render thread stops at its next check. */
	private volatile boolean cancelled;

	RenderBudget(RenderLimits limits, long startNanos) {
		this.limits = limits;
		this.deadlineNanos = startNanos + limits.maxRenderTimeMillis() * 1_000_000L;
	}

	/** The budget of the render running on this thread. */
	static RenderBudget current() {
		// Failing closed: a filter running outside a budgeted render would be unlimited.
		return CURRENT.orElseThrow(() -> new IllegalStateException("Liquid rendering outside a render budget"));
	}

	<T> T spend(Supplier<T> work) {
		return ScopedValue.where(CURRENT, this).call(work::get);
	}

	RenderLimits limits() {
		return this.limits;
	}

	void cancel() {
		this.cancelled = true;
	}

	void checkTime() {
		if (this.cancelled || System.nanoTime() - this.deadlineNanos > 0) {
			throw new RenderAbort(timeoutReason(this.limits));
		}
	}

	/** Before an appender adds {@code adding} characters to the {@code current} it holds. */
	void append(int current, int adding) {
		checkTime();
		if ((long) current + adding > this.limits.maxOutputChars()) {
			throw new RenderAbort(outputReason(this.limits));
		}
		charge(adding);
	}

	/** After a filter built {@code value}. */
	void built(Object value) {
		checkTime();
		long max = this.limits.maxOutputChars();
		long size = size(value, max);
		if (size > max) {
			throw new RenderAbort("a filter built a value larger than " + max + " characters");
		}
		charge(size);
	}

	/** Before a filter that is known to build {@code estimatedChars} characters runs. */
	void willBuild(long estimatedChars) {
		if (estimatedChars > this.limits.maxOutputChars()) {
			throw new RenderAbort("a filter built a value larger than " + this.limits.maxOutputChars() + " characters");
		}
	}

	private void charge(long chars) {
		this.builtChars += chars;
		if (this.builtChars > this.limits.maxIntermediateChars()) {
			throw new RenderAbort("template builds more than " + this.limits.maxIntermediateChars()
					+ " characters of text in total");
		}
	}

	static String timeoutReason(RenderLimits limits) {
		return "rendering took longer than " + limits.maxRenderTimeMillis() + " ms";
	}

	static String outputReason(RenderLimits limits) {
		return "output larger than " + limits.maxOutputChars() + " characters";
	}

	/**
	 * Roughly how many characters {@code value} would print as, counting a shared element each time it occurs, and
	 * stopping soon after {@code cap}.
	 */
	static long size(Object value, long cap) {
		long[] total = { 0 };
		add(value, cap, total, 0);
		return total[0];
	}

	private static void add(Object value, long cap, long[] total, int depth) {
		if (total[0] > cap) {
			return;
		}
		if (depth > ModelSanitizer.MAX_DEPTH * 2) {
			// Deeper than any model; counted as too big rather than walked.
			total[0] = cap + 1;
			return;
		}
		switch (value) {
			case null -> {
			}
			case CharSequence text -> total[0] += text.length();
			case BigDecimal number -> {
				long digits = number.precision() + Math.abs((long) number.scale());
				if (digits > MAX_NUMBER_DIGITS) {
					throw new RenderAbort("a filter built a number with more than " + MAX_NUMBER_DIGITS + " digits");
				}
				total[0] += digits;
			}
			case Map<?, ?> map -> {
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					total[0]++;
					add(entry.getKey(), cap, total, depth + 1);
					add(entry.getValue(), cap, total, depth + 1);
					if (total[0] > cap) {
						return;
					}
				}
			}
			case Collection<?> items -> {
				for (Object item : items) {
					total[0]++;
					add(item, cap, total, depth + 1);
					if (total[0] > cap) {
						return;
					}
				}
			}
			case Object[] items -> {
				for (Object item : items) {
					total[0]++;
					add(item, cap, total, depth + 1);
					if (total[0] > cap) {
						return;
					}
				}
			}
			// Longs, doubles, booleans: at most a couple of dozen characters.
			default -> total[0] += 24;
		}
	}

}
