package dev.herald.functions.rendering;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

/**
 * Copies a render model into nothing but maps, lists, strings, numbers, booleans and nulls. Liqp hands other objects
 * to Jackson, which reads their getters, so no other type may reach a template; anything unknown becomes its
 * {@code toString()}, which the template can print but not call into.
 */
final class ModelSanitizer {

	/** Deeper values are dropped: no notification needs them, and cyclic maps must end somewhere. */
	static final int MAX_DEPTH = 32;

	static final int MAX_VALUES = 100_000;

	private final boolean html;

	private int values;

	private ModelSanitizer(boolean html) {
		this.html = html;
	}

	/**
	 * A plain copy of {@code model}. With {@link Escaping#HTML}, every string in it, map keys included, is
	 * HTML-escaped.
	 *
	 * <p>
	 * Escaping the model rather than the output is the robust choice Liqp allows (it has no autoescape): whatever a
	 * template does with a value, markup a shopper typed never reaches the HTML unescaped, and text the admin wrote
	 * in the template is untouched. The price: filters see escaped text, so {@code size} and {@code truncate} count
	 * {@code &amp;} as five characters, {@code escape} escapes twice, and comparing a value with a literal containing
	 * {@code & < > " '} fails. Escaping does not make a value safe inside {@code <script>} or as a whole
	 * {@code href} ({@code javascript:} URLs).
	 */
	static Map<String, Object> sanitize(Map<String, ?> model, Escaping escaping) {
		ModelSanitizer sanitizer = new ModelSanitizer(escaping != Escaping.NONE);
		return sanitizer.map(model, 0);
	}

	private Map<String, Object> map(Map<?, ?> map, int depth) {
		Map<String, Object> copy = new LinkedHashMap<>();
		if (map == null) {
			return copy;
		}
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			copy.put(text(String.valueOf(entry.getKey())), value(entry.getValue(), depth + 1));
		}
		return copy;
	}

	private Object value(Object value, int depth) {
		if (++this.values > MAX_VALUES) {
			throw new RenderAbort("model holds more than " + MAX_VALUES + " values");
		}
		if (value == null || depth > MAX_DEPTH) {
			return null;
		}
		return switch (value) {
			case String string -> text(string);
			case Boolean bool -> bool;
			case Long number -> number;
			case Integer number -> number.longValue();
			case Short number -> number.longValue();
			case Byte number -> number.longValue();
			case AtomicInteger number -> number.longValue();
			case AtomicLong number -> number.longValue();
			case BigDecimal number -> number;
			case BigInteger number -> new BigDecimal(number);
			case Double number -> Double.isFinite(number) ? BigDecimal.valueOf(number) : text(number.toString());
			case Float number -> Float.isFinite(number) ? new BigDecimal(number.toString()) : text(number.toString());
			case Number number -> decimal(number);
			case CharSequence chars -> text(chars.toString());
			case JsonNode node -> value(TemplateModel.plain(node), depth);
			case Map<?, ?> map -> map(map, depth);
			// Collections only: other Iterables (Path, Jackson 2 nodes) are not data and print as text.
			case Collection<?> items -> list(items, depth);
			case Optional<?> optional -> value(optional.orElse(null), depth);
			case TemporalAccessor time -> text(iso(time));
			case Date date -> text(Instant.ofEpochMilli(date.getTime()).toString());
			default -> value.getClass().isArray() ? array(value, depth) : text(value.toString());
		};
	}

	private List<Object> list(Collection<?> items, int depth) {
		List<Object> copy = new ArrayList<>();
		for (Object item : items) {
			copy.add(value(item, depth + 1));
		}
		return copy;
	}

	private List<Object> array(Object array, int depth) {
		int length = Array.getLength(array);
		List<Object> copy = new ArrayList<>(Math.min(length, MAX_VALUES));
		for (int i = 0; i < length; i++) {
			copy.add(value(Array.get(array, i), depth + 1));
		}
		return copy;
	}

	private Object decimal(Number number) {
		try {
			return new BigDecimal(number.toString());
		}
		catch (NumberFormatException ex) {
			return text(number.toString());
		}
	}

	private static String iso(TemporalAccessor time) {
		return switch (time) {
			case Instant instant -> DateTimeFormatter.ISO_INSTANT.format(instant);
			case ZonedDateTime zoned -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(zoned);
			case OffsetDateTime offset -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(offset);
			case LocalDateTime local -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local);
			case LocalDate date -> DateTimeFormatter.ISO_LOCAL_DATE.format(date);
			default -> time.toString();
		};
	}

	private String text(String text) {
		return this.html ? escapeHtml(text) : text;
	}

	static String escapeHtml(String text) {
		StringBuilder escaped = null;
		for (int i = 0; i < text.length(); i++) {
			String entity = switch (text.charAt(i)) {
				case '&' -> "&amp;";
				case '<' -> "&lt;";
				case '>' -> "&gt;";
				case '"' -> "&quot;";
				case '\'' -> "&#39;";
				default -> null;
			};
			if (entity != null && escaped == null) {
				escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
			}
			if (escaped != null) {
				if (entity != null) {
					escaped.append(entity);
				}
				else {
					escaped.append(text.charAt(i));
				}
			}
		}
		return (escaped != null) ? escaped.toString() : text;
	}

}
