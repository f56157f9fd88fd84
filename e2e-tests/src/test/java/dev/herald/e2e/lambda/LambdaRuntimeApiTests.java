package dev.herald.e2e.lambda;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Runtime API stub spoken to as a runtime speaks to it, over HTTP, without a runtime process. */
class LambdaRuntimeApiTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final LambdaRuntimeApi api;

	LambdaRuntimeApiTests() throws Exception {
		this.api = LambdaRuntimeApi.start("stub-test", Duration.ofSeconds(30));
	}

	@AfterEach
	void close() {
		this.api.close();
	}

	@Test
	void nextWaitsForAnEventAndAnswersItWithTheInvocationHeaders() throws Exception {
		CompletableFuture<HttpResponse<String>> next = get("invocation/next");
		Thread.sleep(300);
		assertThat(next).as("answered with no event queued").isNotDone();
		long before = System.currentTimeMillis();

		this.api.invoke("{\"n\":1}");

		HttpResponse<String> event = next.get(5, TimeUnit.SECONDS);
		assertThat(event.statusCode()).isEqualTo(200);
		assertThat(event.body()).isEqualTo("{\"n\":1}");
		assertThat(event.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).get().asString()
			.matches("[0-9a-f-]{36}");
		assertThat(Long.parseLong(event.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()))
			.isBetween(before + 29_000, System.currentTimeMillis() + 30_000);
		assertThat(event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
			.hasValue("arn:aws:lambda:eu-west-1:123456789012:function:stub-test");
		assertThat(event.headers().firstValue("Lambda-Runtime-Trace-Id")).get().asString()
			.matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
		assertThat(this.api.firstPoll()).isDone();
	}

	@Test
	void aPostedResponseCompletesItsInvocationWithTheBodyAndTimings() throws Exception {
		CompletableFuture<InvocationResult> invocation = this.api.invoke("{}");
		String requestId = get("invocation/next").get(5, TimeUnit.SECONDS).headers()
			.firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

		HttpResponse<String> posted = post("invocation/" + requestId + "/response", null, "{\"ok\":true}");

		assertThat(posted.statusCode()).isEqualTo(202);
		InvocationResult result = invocation.get(5, TimeUnit.SECONDS);
		assertThat(result).isEqualTo(new InvocationResult.Response(requestId, "{\"ok\":true}", result.timing()));
		assertThat(result.timing().enqueued()).isLessThanOrEqualTo(result.timing().delivered());
		assertThat(result.timing().delivered()).isLessThanOrEqualTo(result.timing().answered());
	}

	@Test
	void aPostedErrorCompletesItsInvocationWithTheErrorTypeHeader() throws Exception {
		CompletableFuture<InvocationResult> invocation = this.api.invoke("{}");
		String requestId = get("invocation/next").get(5, TimeUnit.SECONDS).headers()
			.firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

		HttpResponse<String> posted = post("invocation/" + requestId + "/error", "Runtime.UserException",
				"{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}");

		assertThat(posted.statusCode()).isEqualTo(202);
		assertThat(invocation.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(InvocationResult.Error.class,
				(error) -> {
					assertThat(error.errorType()).isEqualTo("Runtime.UserException");
					assertThat(error.body()).contains("boom");
				});
	}

	@Test
	void anAnswerForAnUnknownRequestIdIsRefused() throws Exception {
		HttpResponse<String> posted = post("invocation/no-such-request/response", null, "{}");

		assertThat(posted.statusCode()).isEqualTo(400);
		assertThat(posted.body()).contains("InvalidRequestID");
	}

	@Test
	void aResponseOverSixMegabytesFailsTheInvocationAsLambdaDoes() throws Exception {
		CompletableFuture<InvocationResult> invocation = this.api.invoke("{}");
		String requestId = get("invocation/next").get(5, TimeUnit.SECONDS).headers()
			.firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

		HttpResponse<String> posted = post("invocation/" + requestId + "/response", null,
				"\"" + "x".repeat(6 * 1024 * 1024) + "\"");

		assertThat(posted.statusCode()).isEqualTo(413);
		assertThat(invocation.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(InvocationResult.Error.class,
				(error) -> assertThat(error.errorType()).isEqualTo("Function.ResponseSizeTooLarge"));
	}

	@Test
	void initAndRestoreErrorsAreRecordedWithTheirTypes() throws Exception {
		assertThat(post("init/error", "Runtime.BadFunctionCode", "{\"errorMessage\":\"no handler\"}").statusCode())
			.isEqualTo(202);
		assertThat(post("restore/error", "Runtime.AfterRestoreError", "{}").statusCode()).isEqualTo(202);

		assertThat(this.api.initError().get(1, TimeUnit.SECONDS))
			.isEqualTo(new LambdaRuntimeApi.PostedError("Runtime.BadFunctionCode", "{\"errorMessage\":\"no handler\"}"));
		assertThat(this.api.restoreError().get(1, TimeUnit.SECONDS).errorType()).isEqualTo("Runtime.AfterRestoreError");
	}

	@Test
	void restoreNextWaitsUntilTheTestRestores() throws Exception {
		CompletableFuture<HttpResponse<String>> restoreNext = get("restore/next");
		this.api.checkpoint().get(5, TimeUnit.SECONDS);
		Thread.sleep(300);
		assertThat(restoreNext).isNotDone();

		this.api.restore();

		assertThat(restoreNext.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void invocationsStillWaitingFailWhenTheRuntimeGoesAway() {
		CompletableFuture<InvocationResult> invocation = this.api.invoke("{}");

		this.api.runtimeGone(new IllegalStateException("exited with code 1"));

		assertThatThrownBy(() -> invocation.get(1, TimeUnit.SECONDS)).hasMessageContaining("exited with code 1");
	}

	@Test
	void anInvocationAfterTheRuntimeWentAwayFailsAtOnce() {
		this.api.runtimeGone(new IllegalStateException("exited with code 1"));

		CompletableFuture<InvocationResult> invocation = this.api.invoke("{}");

		assertThatThrownBy(() -> invocation.get(1, TimeUnit.SECONDS)).hasMessageContaining("exited with code 1");
	}

	private CompletableFuture<HttpResponse<String>> get(String path) {
		return HTTP.sendAsync(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String errorType, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
		if (errorType != null) {
			request.header("Lambda-Runtime-Function-Error-Type", errorType);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://" + this.api.address() + "/2018-06-01/runtime/" + path);
	}

}
