package dev.herald.e2e.hello;

import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/** A handler whose construction fails, as one missing its configuration would: Lambda's INIT error path. */
public class InitFailingHandler implements RequestStreamHandler {

	public InitFailingHandler() {
		throw new IllegalStateException("No configuration for this function");
	}

	@Override
	public void handleRequest(InputStream input, OutputStream output, Context context) {
		throw new UnsupportedOperationException("never constructed");
	}

}
