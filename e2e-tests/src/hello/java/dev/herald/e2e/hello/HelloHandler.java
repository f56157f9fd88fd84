package dev.herald.e2e.hello;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * Answers {@code {"hello":<event>,"requestId":"…"}}; an event containing {@code "fail"} throws instead, so the
 * runtime reports an invocation error. No JSON library on purpose: it is the smallest Java function there is.
 */
public class HelloHandler implements RequestStreamHandler {

	@Override
	public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
		String event = new String(input.readAllBytes(), StandardCharsets.UTF_8).strip();
		if (event.contains("\"fail\"")) {
			throw new IllegalArgumentException("Asked to fail by the event");
		}
		String answer = "{\"hello\":" + event + ",\"requestId\":\"" + context.getAwsRequestId() + "\"}";
		output.write(answer.getBytes(StandardCharsets.UTF_8));
	}

}
