package dev.herald.e2e.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One function run as Lambda's Java runtime runs it: its jar unzipped into a task root that is the working directory,
 * and the real Runtime Interface Client ({@code AWSLambda <handler>}) started on the JDK running the tests, with the
 * reserved Lambda variables and the function's own, talking to its own local {@link LambdaRuntimeApi}. The process's
 * output goes to {@code target/e2e-logs/<name>.log}.
 */
final class LambdaFunction implements AutoCloseable {

	static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

	private static final String RIC_JAR = "aws-lambda-java-runtime-interface-client";

	private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

	private final Spec spec;

	private final LambdaRuntimeApi runtime;

	private final Process process;

	private final long launched;

	private final Path log;

	/** Completes exceptionally, with the reason, once the runtime failed its INIT or exited. */
	private final CompletableFuture<Void> gone = new CompletableFuture<>();

	private LambdaFunction(Spec spec, LambdaRuntimeApi runtime, Process process, long launched, Path log) {
		this.spec = spec;
		this.runtime = runtime;
		this.process = process;
		this.launched = launched;
		this.log = log;
	}

	/** Unzips the jar (if not done already), starts a Runtime API and the runtime process; does not wait for INIT. */
	static LambdaFunction start(Spec spec) throws IOException {
		Path taskRoot = TaskRoot.of(spec.jar());
		LambdaRuntimeApi runtime = LambdaRuntimeApi.start(spec.name(), spec.timeout());
		Path log = Files.createDirectories(Path.of("target", "e2e-logs")).resolve(spec.name() + ".log");
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		// The options of Lambda's java runtimes (heap 85 % of the memory setting, serial GC, CDS, org.crac bridged to
		// the runtime's CRaC hooks); the JNI of the runtime client needs native access on JDK 25.
		command.addAll(List.of("--enable-native-access=ALL-UNNAMED",
				"-XX:MaxHeapSize=" + (spec.memoryMb() * 1024L * 85 / 100) + "k", "-XX:+UseSerialGC",
				"--add-opens=java.base/java.io=ALL-UNNAMED", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
				"-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr"));
		// As Lambda does, the runtime client's JNI library is given, not unpacked to its fixed /tmp path, which
		// runtimes starting at the same time (two functions, other test runs on the machine) would overwrite under
		// each other's feet.
		command.add("-D" + JNI_PROPERTY + "=" + jniLibrary());
		command.addAll(spec.jvmOptions());
		String classPath = runtimeClassPath();
		if (spec.aot() == null) {
			command.add("-Xshare:auto");
		}
		else {
			command.addAll(spec.aot().options());
			classPath = classPath + File.pathSeparator + spec.jar().toAbsolutePath();
		}
		// Only the runtime on the class path: the runtime's own class loader takes the function from the working
		// directory (the task root) and its lib/*.jar, exactly as in /var/task.
		command.addAll(List.of("-cp", classPath, RUNTIME_MAIN, spec.handler()));
		ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		// A function sees Lambda's variables and its own, not the test JVM's (no database URLs, no AWS profile).
		environment.clear();
		environment.putAll(lambdaEnvironment(spec, runtime, taskRoot));
		environment.putAll(spec.environment());
		long launched = System.nanoTime();
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			runtime.close();
			throw ex;
		}
		LambdaFunction function = new LambdaFunction(spec, runtime, process, launched, log);
		runtime.initError()
			.thenAccept((error) -> function.gone(new IllegalStateException("INIT of " + spec.name() + " failed ("
					+ error.errorType() + "): " + error.body() + "\n" + function.tail())));
		process.onExit()
			.thenRun(() -> function.gone(new IllegalStateException("The runtime of " + spec.name()
					+ " exited with code " + process.exitValue() + ":\n" + function.tail())));
		return function;
	}

	/** Invokes the function and waits for its answer, failing with the log's tail if the runtime dies or is late. */
	InvocationResult invoke(String eventJson) {
		return await(invokeAsync(eventJson));
	}

	CompletableFuture<InvocationResult> invokeAsync(String eventJson) {
		return this.runtime.invoke(eventJson);
	}

	/** Waits for INIT to end (the runtime's first {@code invocation/next}); returns that {@link System#nanoTime()}. */
	long awaitInit() {
		return await(this.runtime.firstPoll());
	}

	/** With SnapStart: waits for INIT and the checkpoint hooks to end; returns that {@link System#nanoTime()}. */
	long awaitCheckpoint() {
		return await(this.runtime.checkpoint());
	}

	LambdaRuntimeApi runtime() {
		return this.runtime;
	}

	/** {@link System#nanoTime()} just before the JVM was launched. */
	long launched() {
		return this.launched;
	}

	Process process() {
		return this.process;
	}

	Path log() {
		return this.log;
	}

	/** The last lines of the runtime's output. */
	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
		this.runtime.close();
	}

	/** The runtime failed its INIT or exited: whatever waits on it fails with the reason, now and later. */
	private void gone(RuntimeException cause) {
		this.runtime.runtimeGone(cause);
		this.gone.completeExceptionally(cause);
	}

	/** Waits for the future, failing at once with the log's tail if the runtime is gone, or if it is late. */
	@SuppressWarnings("unchecked")
	private <T> T await(CompletableFuture<T> future) {
		try {
			return (T) CompletableFuture.anyOf(future, this.gone)
				.get(this.spec.timeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No answer from " + this.spec.name() + " within " + this.spec.timeout()
					+ ":\n" + tail(), ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtimeException) ? runtimeException
					: new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> lambdaEnvironment(Spec spec, LambdaRuntimeApi runtime, Path taskRoot) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
		environment.put("LANG", "en_US.UTF-8");
		environment.put("TZ", ":UTC");
		environment.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
		environment.put("_HANDLER", spec.handler());
		environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
		environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
		environment.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
		environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
		environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
		environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
		environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef");
		environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", spec.snapStart() ? "snap-start" : "on-demand");
		environment.put("AWS_REGION", LambdaRuntimeApi.REGION);
		environment.put("AWS_DEFAULT_REGION", LambdaRuntimeApi.REGION);
		// the execution role's temporary credentials; local stand-ins accept any
		environment.put("AWS_ACCESS_KEY_ID", "ASIAE2ETESTS00000000");
		environment.put("AWS_SECRET_ACCESS_KEY", "e2e-secret-access-key");
		environment.put("AWS_SESSION_TOKEN", "e2e-session-token");
		if (spec.functionDefinition() != null) {
			environment.put("spring_cloud_function_definition", spec.functionDefinition());
		}
		if (spec.mainClass() != null) {
			environment.put("MAIN_CLASS", spec.mainClass());
		}
		return environment;
	}

	/** The runtime's jars, copied to {@code target/ric} by the build. */
	static String runtimeClassPath() throws IOException {
		return String.join(":", runtimeJars().stream().map(Path::toString).toList());
	}

	private static List<Path> runtimeJars() throws IOException {
		List<Path> jars;
		try (Stream<Path> files = Files.list(ricFolder())) {
			jars = files.filter((file) -> file.toString().endsWith(".jar")).map(Path::toAbsolutePath).sorted().toList();
		}
		if (jars.stream().noneMatch((jar) -> jar.getFileName().toString().startsWith(RIC_JAR))) {
			throw new IllegalStateException("No runtime interface client in " + ricFolder().toAbsolutePath()
					+ ": run the build's package phase");
		}
		return jars;
	}

	/** The runtime client's JNI library for this machine, unpacked once from its jar next to it. */
	static synchronized Path jniLibrary() throws IOException {
		String name = "libaws-lambda-jni.linux-" + (System.getProperty("os.arch").equals("aarch64") ? "aarch_64"
				: "x86_64") + ".so";
		Path library = ricFolder().resolve("jni").resolve(name).toAbsolutePath();
		if (Files.isRegularFile(library)) {
			return library;
		}
		Path jar = runtimeJars().stream()
			.filter((file) -> file.getFileName().toString().startsWith(RIC_JAR))
			.findFirst()
			.orElseThrow();
		Files.createDirectories(library.getParent());
		Path partial = Files.createTempFile(library.getParent(), name, ".partial");
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			ZipEntry entry = zip.getEntry("jni/" + name);
			if (entry == null) {
				throw new IllegalStateException("No " + name + " in " + jar);
			}
			try (InputStream in = zip.getInputStream(entry)) {
				Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		// whole or not at all, should another test JVM unpack it at the same time
		Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		return library;
	}

	private static Path ricFolder() {
		return Path.of(System.getProperty("herald.lambda.ric", "target/ric"));
	}

	/** The java running these tests: the build selected a JDK 25 for them. */
	static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	/**
	 * How to run one function.
	 * @param name the function's name, also its log file's
	 * @param jar its deployment package
	 * @param handler {@code _HANDLER}, e.g. {@code com.example.Handler::handleRequest}
	 * @param functionDefinition {@code spring_cloud_function_definition}, or {@code null}
	 * @param mainClass {@code MAIN_CLASS}, or {@code null}
	 * @param environment the function's own variables
	 * @param jvmOptions added after the runtime's; by default Lambda's C1-only compilation, which Lambda drops with
	 * SnapStart
	 * @param memoryMb the memory setting
	 * @param timeout the function's timeout, given to the runtime as each invocation's deadline
	 * @param snapStart whether INIT ends with SnapStart's checkpoint and waits for {@link LambdaRuntimeApi#restore()}
	 * @param aot the JDK AOT cache to write or use, or {@code null}
	 */
	record Spec(String name, Path jar, String handler, String functionDefinition, String mainClass,
			Map<String, String> environment, List<String> jvmOptions, int memoryMb, Duration timeout,
			boolean snapStart, AotCache aot) {

		/** A JDK AOT cache file, written by a training run or used. */
		record AotCache(Path file, boolean training) {

			List<String> options() {
				return List.of((this.training ? "-XX:AOTCacheOutput=" : "-XX:AOTCache=") + this.file.toAbsolutePath());
			}

		}

		/** What Lambda's java runtimes add unless SnapStart or provisioned concurrency is on. */
		static final List<String> C1_ONLY = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

		static Spec of(String name, Path jar, String handler) {
			return new Spec(name, jar, handler, null, null, Map.of(), C1_ONLY, 1024, Duration.ofSeconds(60), false,
					null);
		}

		Spec withName(String name) {
			return new Spec(name, this.jar, this.handler, this.functionDefinition, this.mainClass, this.environment,
					this.jvmOptions, this.memoryMb, this.timeout, this.snapStart, this.aot);
		}

		Spec withSpringFunction(String definition, String mainClass) {
			return new Spec(this.name, this.jar, this.handler, definition, mainClass, this.environment,
					this.jvmOptions, this.memoryMb, this.timeout, this.snapStart, this.aot);
		}

		Spec withEnvironment(Map<String, String> environment) {
			return new Spec(this.name, this.jar, this.handler, this.functionDefinition, this.mainClass,
					Map.copyOf(environment), this.jvmOptions, this.memoryMb, this.timeout, this.snapStart, this.aot);
		}

		Spec withJvmOptions(List<String> jvmOptions) {
			return new Spec(this.name, this.jar, this.handler, this.functionDefinition, this.mainClass,
					this.environment, List.copyOf(jvmOptions), this.memoryMb, this.timeout, this.snapStart, this.aot);
		}

		Spec withTimeout(Duration timeout) {
			return new Spec(this.name, this.jar, this.handler, this.functionDefinition, this.mainClass,
					this.environment, this.jvmOptions, this.memoryMb, timeout, this.snapStart, this.aot);
		}

		/** INIT ends with the checkpoint; full tiered compilation, as Lambda runs SnapStart functions. */
		Spec withSnapStart() {
			return new Spec(this.name, this.jar, this.handler, this.functionDefinition, this.mainClass,
					this.environment, this.jvmOptions.stream().filter((option) -> !C1_ONLY.contains(option)).toList(),
					this.memoryMb, this.timeout, true, this.aot);
		}

		/**
		 * With a JDK AOT cache (JEP 483/514/515): {@code training} writes it when the process ends, otherwise it is
		 * used. As an exec wrapper ({@code AWS_LAMBDA_EXEC_WRAPPER}) would have to on Lambda: the function's jar goes
		 * on the application class path (the cache holds only classes of the JDK's own loaders, not of the runtime
		 * client's loader for {@code /var/task}), and {@code -Xshare:auto}, which excludes an AOT cache, is left out.
		 */
		Spec withAotCache(Path cache, boolean training) {
			return new Spec(this.name, this.jar, this.handler, this.functionDefinition, this.mainClass,
					this.environment, this.jvmOptions, this.memoryMb, this.timeout, this.snapStart,
					new AotCache(cache, training));
		}

	}

}
