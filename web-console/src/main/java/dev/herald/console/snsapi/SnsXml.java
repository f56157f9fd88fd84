package dev.herald.console.snsapi;

/**
 * SNS's XML answers, as the SDK's query-protocol unmarshallers read them: {@code <ActionResponse>} in SNS's
 * namespace with {@code <ActionResult>} and {@code <ResponseMetadata><RequestId>}, or an {@code <ErrorResponse>}.
 */
final class SnsXml {

	static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

	private SnsXml() {
	}

	static String response(String action, String result, String requestId) {
		return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n  <" + action + "Result>" + result + "</" + action
				+ "Result>\n  <ResponseMetadata>\n    <RequestId>" + requestId + "</RequestId>\n  </ResponseMetadata>\n</"
				+ action + "Response>\n";
	}

	static String error(SnsError error, String requestId) {
		return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n  <Error>\n    <Type>"
				+ (error.senderFault() ? "Sender" : "Receiver") + "</Type>\n    <Code>" + escape(error.code())
				+ "</Code>\n    <Message>" + escape(error.getMessage()) + "</Message>\n  </Error>\n  <RequestId>"
				+ requestId + "</RequestId>\n</ErrorResponse>\n";
	}

	static String element(String name, String value) {
		return "<" + name + ">" + escape(value) + "</" + name + ">";
	}

	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&apos;");
				default -> {
					// Characters XML 1.0 cannot carry at all would make the SDK fail to parse the whole answer.
					if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

}
