package dev.herald.functions.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context of one invocation, as the runtime hands it to the handler. */
record FakeLambdaContext(String awsRequestId, String functionName) implements Context {

	@Override
	public String getAwsRequestId() {
		return this.awsRequestId;
	}

	@Override
	public String getLogGroupName() {
		return "/aws/lambda/" + this.functionName;
	}

	@Override
	public String getLogStreamName() {
		return "2026/01/01/[$LATEST]0123456789abcdef";
	}

	@Override
	public String getFunctionName() {
		return this.functionName;
	}

	@Override
	public String getFunctionVersion() {
		return "$LATEST";
	}

	@Override
	public String getInvokedFunctionArn() {
		return "arn:aws:lambda:eu-west-1:123456789012:function:" + this.functionName;
	}

	@Override
	public CognitoIdentity getIdentity() {
		return null;
	}

	@Override
	public ClientContext getClientContext() {
		return null;
	}

	@Override
	public int getRemainingTimeInMillis() {
		return 60_000;
	}

	@Override
	public int getMemoryLimitInMB() {
		return 1024;
	}

	@Override
	public LambdaLogger getLogger() {
		return new LambdaLogger() {
			@Override
			public void log(String message) {
				System.out.println(message);
			}

			@Override
			public void log(byte[] message) {
				System.out.println(new String(message, java.nio.charset.StandardCharsets.UTF_8));
			}
		};
	}

}
