package dev.herald.channels.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.herald.channels.aws.FakeAwsService.Response;

/** What SNS answers to Publish (Query protocol, XML), and how to read the form the SDK posts. */
public final class SnsAnswers {

	private SnsAnswers() {
	}

	/** SNS's success answer to Publish. */
	public static Response published(String messageId) {
		return new Response(200, Map.of("Content-Type", "text/xml"),
				"<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n  <PublishResult>\n"
						+ "    <MessageId>" + messageId + "</MessageId>\n  </PublishResult>\n  <ResponseMetadata>\n"
						+ "    <RequestId>" + UUID.randomUUID() + "</RequestId>\n  </ResponseMetadata>\n"
						+ "</PublishResponse>\n");
	}

	/**
	 * The {@code MessageAttributes.entry.N.*} parameters of a Query form as name → "DataType=StringValue", checking
	 * that the entries are numbered 1…n without gaps, as the Query protocol serialises a map.
	 */
	public static Map<String, String> messageAttributes(Map<String, String> form) {
		Map<String, String> attributes = new TreeMap<>();
		int count = (int) form.keySet()
			.stream()
			.filter((key) -> key.matches("MessageAttributes\\.entry\\.\\d+\\.Name"))
			.count();
		for (int i = 1; i <= count; i++) {
			String prefix = "MessageAttributes.entry." + i + ".";
			String name = form.get(prefix + "Name");
			if (name == null) {
				throw new AssertionError("no " + prefix + "Name in " + form);
			}
			attributes.put(name, form.get(prefix + "Value.DataType") + "=" + form.get(prefix + "Value.StringValue"));
		}
		long parameters = form.keySet().stream().filter((key) -> key.startsWith("MessageAttributes.")).count();
		if (parameters != 3L * count) {
			throw new AssertionError("unexpected MessageAttributes parameters in " + form);
		}
		return attributes;
	}

}
