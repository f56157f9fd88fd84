package dev.herald.events.publisher;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import dev.herald.events.CloudEvent;
import dev.herald.events.Problem;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts events to Herald's {@code POST /api/v1/events} with the tenant's API key, with nothing but the JDK's HTTP
 * client.
 *
 * <p>A 5xx, a 429 (after its {@code Retry-After}), a 408, a timeout or a connection failure is retried with
 * exponential backoff and jitter; the body, and so the event id, is the same on every try, and Herald answers a
 * repeat it already stored with {@code 200 duplicate}, which is a success. A 400 or 413 is Herald refusing the event
 * itself: {@link PublishResult.Rejected} with Herald's reasons, not retried. Any other 4xx (401 wrong key, 403, 404
 * wrong URL, …) means no event can be published as configured: {@link PublishException}, not retried either.
 */
public final class HttpEventPublisher implements EventPublisher, AutoCloseable {

	private static final System.Logger logger = System.getLogger(HttpEventPublisher.class.getName());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String USER_AGENT = "herald-publisher/1 (java.net.http)";

	private final HttpPublisherSettings settings;

	private final HttpClient client;

	public HttpEventPublisher(HttpPublisherSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.client = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			// A redirected POST would carry the API key to wherever it points; a moved Herald is a configuration error.
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Override
	public PublishResult publish(CloudEvent event) {
		Objects.requireNonNull(event, "event");
		HttpRequest request = HttpRequest.newBuilder(this.settings.eventsUrl())
			.timeout(this.settings.timeout())
			.header("Authorization", "Bearer " + this.settings.apiKey())
			.header("Content-Type", "application/cloudevents+json; charset=utf-8")
			.header("Accept", "application/json, application/problem+json")
			.header("User-Agent", USER_AGENT)
			// Written once: every try sends these very bytes, so the same event id.
			.POST(HttpRequest.BodyPublishers.ofString(event.toJson(), StandardCharsets.UTF_8))
			.build();
		RetryPolicy retry = this.settings.retry();
		String failure;
		for (int attempt = 1;; attempt++) {
			Duration wait = retry.backoff(attempt, ThreadLocalRandom.current());
			try {
				HttpResponse<String> response = this.client.send(request,
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				int status = response.statusCode();
				if (status >= 200 && status < 300) {
					return answered(event.id(), status, response.body());
				}
				if (status == 400 || status == 413) {
					return new PublishResult.Rejected(event.id(), problems(status, response.body()));
				}
				if (status != 408 && status != 429 && status < 500) {
					List<Problem> reasons = problems(status, response.body());
					throw new PublishException("Herald refused to take events at " + this.settings.eventsUrl()
							+ " (HTTP " + status + "): " + describe(reasons), status, reasons, null);
				}
				failure = "HTTP " + status + ": " + describe(problems(status, response.body()));
				Optional<Duration> retryAfter = retryAfter(response);
				if (retryAfter.isPresent()) {
					if (retryAfter.get().compareTo(retry.maxBackoff()) > 0) {
						return failed(event, failure + "; Herald asked to wait " + retryAfter.get().toSeconds()
								+ " s, longer than the retry policy's " + retry.maxBackoff().toSeconds() + " s", attempt);
					}
					wait = retryAfter.get();
				}
			}
			catch (HttpTimeoutException ex) {
				failure = "no answer within " + this.settings.timeout().toMillis() + " ms";
			}
			catch (IOException ex) {
				failure = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return failed(event, "interrupted while publishing", attempt);
			}
			if (attempt >= retry.maxAttempts()) {
				return failed(event, failure, attempt);
			}
			logger.log(System.Logger.Level.DEBUG, "Event {0}: try {1} failed ({2}); trying again in {3} ms", event.id(),
					attempt, failure, wait.toMillis());
			try {
				Thread.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return failed(event, "interrupted while waiting to retry after " + failure, attempt);
			}
		}
	}

	@Override
	public List<PublishResult> publishAll(List<CloudEvent> events) {
		List<PublishResult> results = new ArrayList<>(events.size());
		for (CloudEvent event : events) {
			results.add(publish(event));
		}
		return results;
	}

	@Override
	public void close() {
		this.client.close();
	}

	private static PublishResult failed(CloudEvent event, String reason, int attempts) {
		logger.log(System.Logger.Level.WARNING, "Event {0} was not published after {1} tries: {2}", event.id(),
				attempts, reason);
		return new PublishResult.Failed(event.id(), reason, attempts);
	}

	/** Herald's answer to a stored event: {@code {"eventId","status":"accepted"|"duplicate","deliveries"}}. */
	private static PublishResult answered(String eventId, int status, String body) {
		JsonNode answer = readJson(body);
		String outcome = (answer != null) ? answer.path("status").asString("") : "";
		if ("duplicate".equals(outcome) || (outcome.isEmpty() && status == 200)) {
			return new PublishResult.Duplicate(eventId);
		}
		return new PublishResult.Accepted(eventId, (answer != null) ? answer.path("deliveries").asInt(0) : 0);
	}

	/** The reasons in Herald's problem+json: each of {@code errors}, else its {@code detail} or {@code title}. */
	static List<Problem> problems(int status, String body) {
		JsonNode problem = readJson(body);
		List<Problem> problems = new ArrayList<>();
		if (problem != null && problem.path("errors").isArray()) {
			for (JsonNode error : problem.path("errors")) {
				problems.add(new Problem(error.path("path").asString("$"), error.path("message").asString("")));
			}
		}
		if (problems.isEmpty()) {
			String detail = (problem != null) ? problem.path("detail").asString(problem.path("title").asString(""))
					: "";
			if (detail.isEmpty() && body != null && !body.isBlank() && problem == null) {
				detail = (body.length() > 200) ? body.substring(0, 200) + "…" : body;
			}
			problems.add(new Problem("$", detail.isEmpty() ? "HTTP " + status : detail));
		}
		return problems;
	}

	private static JsonNode readJson(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** {@code Retry-After} as seconds or as an HTTP date (RFC 9110). */
	static Optional<Duration> retryAfter(HttpResponse<?> response) {
		Optional<String> value = response.headers().firstValue("Retry-After").map(String::strip);
		if (value.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Instant at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(Instant.now(), at);
				return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
			}
			catch (DateTimeParseException notDate) {
				return Optional.empty();
			}
		}
	}

	private static String describe(List<Problem> problems) {
		return String.join("; ", problems.stream()
			.map((problem) -> "$".equals(problem.path()) ? problem.message() : problem.path() + " " + problem.message())
			.toList());
	}

}
