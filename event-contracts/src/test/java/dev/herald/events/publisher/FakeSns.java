package dev.herald.events.publisher;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.herald.events.publisher.ScriptedHttpServer.Answer;
import dev.herald.events.publisher.ScriptedHttpServer.Request;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SNS's side of the wire, as the real service speaks it to the AWS SDK v2: the Query protocol, a SigV4-signed form
 * POSTed to {@code /}, answered in XML. Reads the requests and writes the answers; the server is a
 * {@link ScriptedHttpServer}.
 */
final class FakeSns {

	static final String ACCESS_KEY_ID = "AKIAHERALDPUBLISHER1";

	static final String SECRET_ACCESS_KEY = "publisher/test/secret/key/0123456789abcd";

	private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID
			+ "/\\d{8}/eu-west-1/sns/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}");

	private FakeSns() {
	}

	/** The form of a request, after checking that it is the SDK's signed Query-protocol POST. */
	static Map<String, String> form(Request request) {
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
		assertThat(request.header("Authorization")).matches(AUTHORIZATION);
		assertThat(request.header("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : request.body().split("&")) {
			String[] parts = pair.split("=", 2);
			String previous = form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode((parts.length > 1) ? parts[1] : "", StandardCharsets.UTF_8));
			assertThat(previous).as("parameter %s sent twice", parts[0]).isNull();
		}
		assertThat(form).containsEntry("Version", "2010-03-31");
		return form;
	}

	/**
	 * The {@code <prefix>MessageAttributes.entry.N.*} parameters as name → "DataType=StringValue", checking that
	 * they are numbered 1…n and have nothing else, as the Query protocol serialises a map.
	 */
	static Map<String, String> messageAttributes(Map<String, String> form, String prefix) {
		Map<String, String> attributes = new TreeMap<>();
		for (int i = 1; form.containsKey(prefix + "MessageAttributes.entry." + i + ".Name"); i++) {
			String entry = prefix + "MessageAttributes.entry." + i + ".";
			attributes.put(form.get(entry + "Name"),
					form.get(entry + "Value.DataType") + "=" + form.get(entry + "Value.StringValue"));
		}
		assertThat(form.keySet().stream().filter((key) -> key.startsWith(prefix + "MessageAttributes.")))
			.as("message attribute parameters").hasSize(3 * attributes.size());
		return attributes;
	}

	/** The entries of a PublishBatch form, in order: each one's parameters without the member prefix. */
	static List<Map<String, String>> batchEntries(Map<String, String> form) {
		assertThat(form).containsEntry("Action", "PublishBatch");
		List<Map<String, String>> entries = new java.util.ArrayList<>();
		for (int i = 1; form.containsKey("PublishBatchRequestEntries.member." + i + ".Id"); i++) {
			String prefix = "PublishBatchRequestEntries.member." + i + ".";
			Map<String, String> entry = new LinkedHashMap<>();
			form.forEach((key, value) -> {
				if (key.startsWith(prefix)) {
					entry.put(key.substring(prefix.length()), value);
				}
			});
			entries.add(entry);
		}
		long parameters = form.keySet().stream().filter((key) -> key.startsWith("PublishBatchRequestEntries.")).count();
		assertThat(entries.stream().mapToInt(Map::size).sum()).as("batch entry parameters").isEqualTo(parameters);
		return entries;
	}

	/** SNS's answer to Publish. */
	static Answer published(String messageId) {
		return xml(200, "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n  <PublishResult>\n"
				+ "    <MessageId>" + messageId + "</MessageId>\n  </PublishResult>\n" + metadata() + "</PublishResponse>\n");
	}

	/** One entry SNS could not publish. */
	record Failure(String id, String code, String message, boolean senderFault) {
	}

	/** SNS's answer to PublishBatch: the entries published, by entry id with their message ids, and those failed. */
	static Answer batchPublished(Map<String, String> successful, List<Failure> failed) {
		StringBuilder xml = new StringBuilder(
				"<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n  <PublishBatchResult>\n");
		xml.append("    <Failed>\n");
		for (Failure failure : failed) {
			xml.append("      <member>\n        <Code>").append(failure.code()).append("</Code>\n        <Id>")
				.append(failure.id()).append("</Id>\n        <Message>").append(failure.message())
				.append("</Message>\n        <SenderFault>").append(failure.senderFault())
				.append("</SenderFault>\n      </member>\n");
		}
		xml.append("    </Failed>\n    <Successful>\n");
		successful.forEach((id, messageId) -> xml.append("      <member>\n        <Id>").append(id)
			.append("</Id>\n        <MessageId>").append(messageId).append("</MessageId>\n      </member>\n"));
		xml.append("    </Successful>\n  </PublishBatchResult>\n").append(metadata()).append("</PublishBatchResponse>\n");
		return xml(200, xml.toString());
	}

	/** An error answer as SNS words it: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error>…}. */
	static Answer error(int status, String code, String message) {
		return xml(status, "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n  <Error>\n    <Type>"
				+ ((status >= 500) ? "Receiver" : "Sender") + "</Type>\n    <Code>" + code + "</Code>\n    <Message>"
				+ message + "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n");
	}

	private static String metadata() {
		return "  <ResponseMetadata>\n    <RequestId>" + UUID.randomUUID() + "</RequestId>\n  </ResponseMetadata>\n";
	}

	private static Answer xml(int status, String body) {
		return new Answer(status, Map.of("Content-Type", "text/xml", "x-amzn-RequestId", UUID.randomUUID().toString()),
				body, java.time.Duration.ZERO);
	}

}
