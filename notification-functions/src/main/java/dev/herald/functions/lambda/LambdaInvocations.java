package dev.herald.functions.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.messaging.Message;

/**
 * Around every invocation: the Lambda request id in the logging MDC ({@value #REQUEST_ID}), so that each JSON log line
 * names its request, and afterwards the invocation's metrics written as EMF.
 */
class LambdaInvocations extends FunctionAroundWrapper {

	static final String REQUEST_ID = "AWSRequestId";

	private final EmfMetrics metrics;

	LambdaInvocations(EmfMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	protected Object doApply(Object input, FunctionInvocationWrapper function) {
		String requestId = (input instanceof Message<?> message
				&& message.getHeaders().get("aws-context") instanceof Context context) ? context.getAwsRequestId() : null;
		if (requestId != null) {
			MDC.put(REQUEST_ID, requestId);
		}
		try {
			return function.apply(input);
		}
		finally {
			this.metrics.flush();
			MDC.remove(REQUEST_ID);
		}
	}

}
