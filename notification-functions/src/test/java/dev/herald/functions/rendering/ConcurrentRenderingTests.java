package dev.herald.functions.rendering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.herald.functions.rendering.RenderOutcome.Rendered;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentRenderingTests {

	private static final String TEMPLATE = """
			Dear {{ customer.name }},
			{% for line in lines %}{{ line.name | upcase }} × {{ line.quantity }}{% unless forloop.last %}, {% endunless %}{% endfor %}
			{% capture total %}{{ lines | size }} items{% endcapture %}{{ total }} for {{ customer.name }}""";

	@Test
	void eightThreadsRenderingTheSameTemplateEachGetTheirOwnResult() throws Exception {
		TemplateRenderer renderer = new TemplateRenderer(RenderLimits.defaults());
		int threads = 8;
		int rendersPerThread = 40;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<String>>> results = new ArrayList<>();

		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(pool.submit(() -> {
					start.await();
					List<String> problems = new ArrayList<>();
					for (int i = 0; i < rendersPerThread; i++) {
						String customer = "customer-" + thread + "-" + i;
						RenderOutcome outcome = renderer.render(TEMPLATE, model(customer, thread + 1), Escaping.HTML);
						if (!outcome.equals(new Rendered(expected(customer, thread + 1)))) {
							problems.add(outcome.toString());
						}
					}
					return problems;
				}));
			}
			start.countDown();
			for (Future<List<String>> result : results) {
				assertThat(result.get()).isEmpty();
			}
		}
	}

	private static Map<String, Object> model(String customer, int lines) {
		List<Map<String, Object>> items = new ArrayList<>();
		for (int i = 1; i <= lines; i++) {
			items.add(Map.of("name", "item " + i, "quantity", i));
		}
		return Map.of("customer", Map.of("name", customer), "lines", items);
	}

	private static String expected(String customer, int lines) {
		StringBuilder text = new StringBuilder("Dear " + customer + ",\n");
		for (int i = 1; i <= lines; i++) {
			text.append("ITEM ").append(i).append(" × ").append(i).append((i < lines) ? ", " : "");
		}
		return text.append("\n").append(lines).append(" items for ").append(customer).toString();
	}

}
