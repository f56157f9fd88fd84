package dev.herald.e2e.hello;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.crac.Core;
import org.crac.Resource;

/**
 * Registers SnapStart hooks through {@code org.crac}, as Herald's priming does, and answers with the hooks that ran:
 * {@code {"hooks":["beforeCheckpoint","afterRestore"]}} after a checkpoint and restore, {@code {"hooks":[]}} without.
 */
public class PrimingHandler implements RequestStreamHandler, Resource {

	private final List<String> hooks = new CopyOnWriteArrayList<>();

	public PrimingHandler() {
		Core.getGlobalContext().register(this);
	}

	@Override
	public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
		this.hooks.add("beforeCheckpoint");
	}

	@Override
	public void afterRestore(org.crac.Context<? extends Resource> context) {
		this.hooks.add("afterRestore");
	}

	@Override
	public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
		input.readAllBytes();
		String names = String.join(",", this.hooks.stream().map((hook) -> "\"" + hook + "\"").toList());
		output.write(("{\"hooks\":[" + names + "]}").getBytes(StandardCharsets.UTF_8));
	}

}
