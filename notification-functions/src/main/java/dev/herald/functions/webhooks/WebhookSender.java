package dev.herald.functions.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.herald.db.webhook.WebhookRepository.ClaimedMessage;

/**
 * Sends one signed message to its endpoint: redirects are not followed (they could lead anywhere), connecting and the
 * whole exchange are timed out, only the start of the answer is read, and unless private endpoints are allowed the
 * URL is checked again and its host must not resolve to a private address. (The HTTP client resolves the host once
 * more to connect; a DNS answer that changes in between is not caught here.)
 */
class WebhookSender {

	private final HttpClient http;

	private final Duration timeout;

	private final int snippetBytes;

	private final boolean allowPrivate;

	private final Clock clock;

	WebhookSender(Duration connectTimeout, Duration timeout, int snippetBytes, boolean allowPrivate, Clock clock) {
		this.http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(connectTimeout)
			.build();
		this.timeout = timeout;
		this.snippetBytes = snippetBytes;
		this.allowPrivate = allowPrivate;
		this.clock = clock;
	}

	Sent send(ClaimedMessage message, Instant now) {
		Optional<String> refused = EndpointUrls.problem(message.url(), this.allowPrivate);
		if (refused.isPresent()) {
			return new Sent.NotSent("the endpoint URL " + refused.get(), false);
		}
		if (message.secret() == null) {
			return new Sent.NotSent("the endpoint's signing secret does not open with this server's secrets key "
					+ "(herald.functions.secrets-key changed?); rotate the secret", false);
		}
		URI uri = URI.create(message.url());
		if (!this.allowPrivate) {
			try {
				for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
					if (EndpointUrls.isPrivate(address)) {
						return new Sent.NotSent("the endpoint's host resolves to a private address", false);
					}
				}
			}
			catch (UnknownHostException ex) {
				return new Sent.NotSent("the endpoint's host was not found", true);
			}
		}
		String webhookId = WebhookSignature.webhookId(message.id());
		long timestamp = now.getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "Herald-Webhooks/1")
			.header("webhook-id", webhookId)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", signatures(message, webhookId, timestamp))
			.POST(HttpRequest.BodyPublishers.ofString(message.payload(), StandardCharsets.UTF_8))
			.build();
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			String snippet = snippet(response.body(), deadline);
			return new Sent.Answered(response.statusCode(),
					response.headers().firstValue("Retry-After").map(this::retryAfter).orElse(null), snippet);
		}
		catch (HttpTimeoutException ex) {
			return new Sent.NotSent("timed out: " + ex.getMessage(), true);
		}
		catch (IOException ex) {
			return new Sent.NotSent(ex.getClass().getSimpleName() + ": " + ex.getMessage(), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Sent.NotSent("interrupted while sending", true);
		}
	}

	/** The current secret's signature, and the previous one's while it still signs after a rotation. */
	private static String signatures(ClaimedMessage message, String webhookId, long timestamp) {
		String current = WebhookSignature.sign(message.secret(), webhookId, timestamp, message.payload());
		return (message.previousSecret() != null)
				? current + " " + WebhookSignature.sign(message.previousSecret(), webhookId, timestamp, message.payload())
				: current;
	}

	/**
	 * Reads at most the snippet's bytes, within what is left of the timeout: an endpoint dripping an endless answer
	 * holds neither the worker nor memory.
	 */
	private String snippet(InputStream body, long deadline) {
		CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
			try {
				return body.readNBytes(this.snippetBytes);
			}
			catch (IOException ex) {
				return new byte[0];
			}
		}, Thread::startVirtualThread);
		try {
			byte[] bytes = read.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (TimeoutException | ExecutionException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
		finally {
			try {
				body.close();
			}
			catch (IOException ex) {
				// The answer is not needed any further.
			}
		}
	}

	/** {@code Retry-After} as seconds or an HTTP date; {@code null} when unreadable. */
	private Duration retryAfter(String value) {
		String trimmed = value.strip();
		try {
			if (trimmed.matches("\\d{1,9}")) {
				return Duration.ofSeconds(Long.parseLong(trimmed));
			}
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration wait = Duration.between(this.clock.instant(), at);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
