package dev.herald.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built server jar, started as its own process with the same JDK the tests run on, and stopped (or killed) by
 * the test. Its output goes to a log file under {@code target/e2e-logs}, whose tail is shown when start-up fails.
 */
final class HeraldServer implements AutoCloseable {

	static final String API_KEY = "hk_e2e000000000000000000000000000000000000001";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final int port;

	private final Path log;

	private HeraldServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	static HeraldServer start(String name, E2eDatabase database, int smtpPort, Map<String, String> extra)
			throws Exception {
		Path jar = Path.of(System.getProperty("herald.server.jar", "../web-console/target/herald-server.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No server jar at " + jar.toAbsolutePath() + ": run 'mvnw verify' from the root");
		}
		int port = freePort();
		Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
		Path log = logs.resolve(name + ".log");
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "--enable-native-access=ALL-UNNAMED",
				"-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString(),
				"--server.port=" + port, "--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=postgres", "--spring.mail.host=127.0.0.1",
				"--spring.mail.port=" + smtpPort,
				"--spring.mail.properties.mail.smtp.connectiontimeout=2000",
				"--spring.mail.properties.mail.smtp.timeout=5000", "--herald.functions.backoff.initial=1s",
				"--herald.functions.backoff.max=2s", "--herald.server.workers.idle-delay=100ms",
				// the stand-ins for providers' APIs run on this machine
				"--herald.functions.allow-endpoint-overrides=true",
				"--herald.server.local.data-directory=" + logs.resolve(name + "-data").toAbsolutePath()));
		extra.forEach((key, value) -> command.add("--" + key + "=" + value));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("HERALD_BOOTSTRAP_API_KEY", API_KEY);
		builder.environment().put("HERALD_BOOTSTRAP_ADMIN_PASSWORD", "e2e-admin-password");
		HeraldServer server = new HeraldServer(builder.start(), port, log);
		server.awaitHealthy(Duration.ofSeconds(90));
		return server;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	HttpResponse<String> postEvent(String body) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri("/api/v1/events"))
			.header("Authorization", "Bearer " + API_KEY)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + API_KEY)
			.timeout(Duration.ofSeconds(20))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> post(String path, String json) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + API_KEY)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> put(String path, String json) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + API_KEY)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void awaitHealthy(Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The server exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("The server did not become healthy within " + timeout + ":\n" + tail());
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The java running these tests: the build selected a JDK 25 for them, and the jar needs one. */
	private static String javaExecutable() {
		return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

}
