package dev.herald.functions.lambda;

import java.time.Duration;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.messaging.Message;

/**
 * Around every invocation: the Lambda request id in the logging MDC ({@value #REQUEST_ID}), so that each JSON log line
 * names its request, the invocation's Lambda context for {@link #remainingTime()}, and afterwards the invocation's
 * metrics written as EMF.
 */
class LambdaInvocations extends FunctionAroundWrapper {

	static final String REQUEST_ID = "AWSRequestId";

	/** The context of the invocation running on this thread: the functions stay plain, context-free functions. */
	private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

	private final EmfMetrics metrics;

	LambdaInvocations(EmfMetrics metrics) {
		this.metrics = metrics;
	}

	/** How long the current invocation may still run before Lambda stops it; empty outside an invocation. */
	static Optional<Duration> remainingTime() {
		Context context = CURRENT.get();
		return (context != null) ? Optional.of(Duration.ofMillis(context.getRemainingTimeInMillis())) : Optional.empty();
	}

	@Override
	protected Object doApply(Object input, FunctionInvocationWrapper function) {
		Context context = (input instanceof Message<?> message
				&& message.getHeaders().get("aws-context") instanceof Context found) ? found : null;
		if (context != null) {
			MDC.put(REQUEST_ID, context.getAwsRequestId());
			CURRENT.set(context);
		}
		try {
			return function.apply(input);
		}
		finally {
			this.metrics.flush();
			MDC.remove(REQUEST_ID);
			CURRENT.remove();
		}
	}

}
