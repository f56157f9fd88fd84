package dev.herald.console.snsapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of an AWS query-protocol request: the form-encoded body ({@code Action=Publish&TopicArn=…}), lists
 * as {@code Name.member.N.…} and maps as {@code Name.entry.N.…}, numbered from 1.
 */
final class QueryParameters {

	private final Map<String, String> values;

	private QueryParameters(Map<String, String> values) {
		this.values = values;
	}

	static QueryParameters parse(String query, String form) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String encoded : new String[] { query, form }) {
			if (encoded == null || encoded.isEmpty()) {
				continue;
			}
			for (String pair : encoded.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				try {
					String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
					String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
					values.putIfAbsent(name, value);
				}
				catch (IllegalArgumentException ex) {
					throw SnsError.invalidParameter("Invalid parameter: the request is not valid form encoding");
				}
			}
		}
		return new QueryParameters(values);
	}

	String get(String name) {
		return this.values.get(name);
	}

	/** {@code get(name)}, or an {@code InvalidParameter} error naming it when absent or empty. */
	String required(String name) {
		String value = this.values.get(name);
		if (value == null || value.isEmpty()) {
			throw SnsError.invalidParameter("Invalid parameter: " + name + " Reason: no value for required parameter");
		}
		return value;
	}

	/**
	 * The numbered prefixes of a list or map, in order: for {@code Tags.member} e.g. {@code Tags.member.1.} and
	 * {@code Tags.member.2.}.
	 */
	List<String> numbered(String prefix) {
		Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "\\.([1-9][0-9]{0,3})\\..*");
		TreeSet<Integer> numbers = new TreeSet<>();
		for (String name : this.values.keySet()) {
			Matcher matcher = pattern.matcher(name);
			if (matcher.matches()) {
				numbers.add(Integer.parseInt(matcher.group(1)));
			}
		}
		return numbers.stream().map((number) -> prefix + "." + number + ".").toList();
	}

	/** A map given as {@code prefix.entry.N.key} and {@code prefix.entry.N.value}. */
	Map<String, String> map(String prefix) {
		Map<String, String> map = new LinkedHashMap<>();
		for (String entry : numbered(prefix + ".entry")) {
			String key = this.values.get(entry + "key");
			if (key == null) {
				throw SnsError.invalidParameter("Invalid parameter: " + entry + "key Reason: no value for required "
						+ "parameter");
			}
			map.put(key, this.values.getOrDefault(entry + "value", ""));
		}
		return map;
	}

}
