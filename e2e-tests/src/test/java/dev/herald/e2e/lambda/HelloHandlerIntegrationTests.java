package dev.herald.e2e.lambda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness proven on the smallest Java function: the bare handler's jar, unzipped into a task root, run by the
 * real Runtime Interface Client against {@link LambdaRuntimeApi}.
 */
class HelloHandlerIntegrationTests {

	static final String HANDLER = "dev.herald.e2e.hello.HelloHandler::handleRequest";

	static Path helloJar() {
		return Path.of(System.getProperty("herald.lambda.hello.jar", "target/e2e-tests-0.1.0-SNAPSHOT-hello.jar"));
	}

	private static LambdaFunction.Spec hello(String name) {
		return LambdaFunction.Spec.of(name, helloJar(), HANDLER).withTimeout(Duration.ofSeconds(30));
	}

	@Test
	void anEventGoesInAndTheHandlersAnswerComesOutWithTheRequestIdTheRuntimeWasGiven() throws Exception {
		try (LambdaFunction function = LambdaFunction.start(hello("hello-answers"))) {
			InvocationResult result = function.invoke("{\"greeting\":\"hi\"}");

			assertThat(result).isInstanceOf(InvocationResult.Response.class);
			assertThat(result.body())
				.isEqualTo("{\"hello\":{\"greeting\":\"hi\"},\"requestId\":\"" + result.requestId() + "\"}");
			assertThat(result.timing().duration()).isPositive();
		}
	}

	@Test
	void aWarmRuntimeAnswersEventsOneAfterAnotherInTheSameProcess() throws Exception {
		try (LambdaFunction function = LambdaFunction.start(hello("hello-warm"))) {
			InvocationResult first = function.invoke("1");
			InvocationResult second = function.invoke("2");

			assertThat(first.body()).startsWith("{\"hello\":1,");
			assertThat(second.body()).startsWith("{\"hello\":2,");
			assertThat(second.requestId()).isNotEqualTo(first.requestId());
			assertThat(function.process().isAlive()).isTrue();
		}
	}

	@Test
	void anExceptionIsPostedAsAnInvocationErrorWithItsTypeAndTheRuntimeGoesOn() throws Exception {
		try (LambdaFunction function = LambdaFunction.start(hello("hello-fails"))) {
			InvocationResult failed = function.invoke("{\"fail\":true}");

			assertThat(failed).isInstanceOfSatisfying(InvocationResult.Error.class,
					(error) -> assertThat(error.errorType()).isEqualTo("Runtime.UserException"));
			assertThat(failed.body()).contains("\"errorType\":\"java.lang.IllegalArgumentException\"")
				.contains("Asked to fail by the event");
			assertThat(function.invoke("{\"after\":\"failure\"}"))
				.isInstanceOf(InvocationResult.Response.class);
		}
	}

	@Test
	void aHandlerThatCannotBeConstructedIsReportedAsAnInitErrorAndTheRuntimeExits() throws Exception {
		LambdaFunction.Spec spec = LambdaFunction.Spec.of("hello-init-fails", helloJar(),
				"dev.herald.e2e.hello.InitFailingHandler::handleRequest");
		try (LambdaFunction function = LambdaFunction.start(spec)) {
			CompletableFuture<InvocationResult> invocation = function.invokeAsync("{}");

			LambdaRuntimeApi.PostedError error = function.runtime().initError().get(30, TimeUnit.SECONDS);

			assertThat(error.errorType()).isEqualTo("Runtime.BadFunctionCode");
			assertThat(error.body()).contains("No configuration for this function");
			assertThat(function.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(function.process().exitValue()).isNotZero();
			assertThatThrownBy(() -> invocation.get(30, TimeUnit.SECONDS))
				.hasMessageContaining("INIT of hello-init-fails failed");
			long before = System.nanoTime();
			assertThatThrownBy(() -> function.invoke("{\"later\":true}"))
				.hasMessageContaining("INIT of hello-init-fails failed");
			assertThat(Duration.ofNanos(System.nanoTime() - before)).as("failed at once").isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void withSnapStartTheRuntimeCheckpointsAfterInitAndTakesEventsOnlyAfterTheRestore() throws Exception {
		try (LambdaFunction function = LambdaFunction.start(hello("hello-snapstart").withSnapStart())) {
			function.awaitCheckpoint();
			CompletableFuture<InvocationResult> invocation = function.invokeAsync("\"restored\"");
			Thread.sleep(500);
			assertThat(invocation).as("answered before the restore").isNotDone();
			assertThat(function.runtime().firstPoll()).isNotDone();

			function.runtime().restore();

			assertThat(invocation.get(30, TimeUnit.SECONDS).body()).startsWith("{\"hello\":\"restored\",");
			assertThat(function.runtime().restoreError()).isNotDone();
		}
	}

	@Test
	void withSnapStartTheOrgCracHooksOfAFunctionWithLibrariesRunAroundTheCheckpoint() throws Exception {
		try (LambdaFunction function = LambdaFunction.start(priming("priming-snapstart").withSnapStart())) {
			function.awaitCheckpoint();
			function.runtime().restore();

			InvocationResult result = function.invoke("{}");

			assertThat(result.body()).isEqualTo("{\"hooks\":[\"beforeCheckpoint\",\"afterRestore\"]}");
		}
	}

	@Test
	void withoutSnapStartNoCheckpointHookRuns() throws Exception {
		try (LambdaFunction function = LambdaFunction.start(priming("priming-on-demand"))) {
			assertThat(function.invoke("{}").body()).isEqualTo("{\"hooks\":[]}");
			assertThat(function.runtime().checkpoint()).isNotDone();
		}
	}

	/** The priming handler packaged as a zip with {@code org.crac} in {@code lib/}. */
	private static LambdaFunction.Spec priming(String name) throws Exception {
		Path crac;
		try (var libraries = Files.list(Path.of(System.getProperty("herald.lambda.hello.lib", "target/hello-lib")))) {
			crac = libraries.filter((library) -> library.getFileName().toString().startsWith("crac-"))
				.findFirst()
				.orElseThrow();
		}
		Path zip = TaskRoot.packageWithLibraries("priming", helloJar(), List.of(crac));
		return LambdaFunction.Spec.of(name, zip, "dev.herald.e2e.hello.PrimingHandler::handleRequest")
			.withTimeout(Duration.ofSeconds(30));
	}

}
