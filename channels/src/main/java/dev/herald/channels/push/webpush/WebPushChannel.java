package dev.herald.channels.push.webpush;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;

/**
 * Sends push notifications to browsers through their vendors' push services (RFC 8030): one {@code POST} of the
 * encrypted notification to the subscription's endpoint, authorised with VAPID. The service worker receives
 * {@code {"title", "body", "data", "deliveryId"}} as JSON.
 */
final class WebPushChannel implements Channel {

	/** The data key whose value {@code very-low}, {@code low} or {@code high} sets the {@code Urgency} header. */
	static final String URGENCY_KEY = "urgency";

	/** The data key whose value becomes the {@code Topic} header: a newer message replaces an undelivered one. */
	static final String TOPIC_KEY = "topic";

	/** RFC 8030 section 5.4: at most 32 characters of the URL-safe base64 alphabet. */
	private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");

	private static final int ERROR_BODY_LIMIT = 1024;

	private static final JsonMapper json = JsonMapper.shared();

	private static final Logger logger = LoggerFactory.getLogger(WebPushChannel.class);

	private final WebPushSettings settings;

	private final HttpClient client;

	private final Clock clock;

	WebPushChannel(WebPushSettings settings, HttpClient client, Clock clock) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.client = Objects.requireNonNull(client, "client");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public ChannelType type() {
		return ChannelType.PUSH;
	}

	@Override
	public String provider() {
		return WebPushAnswers.PROVIDER;
	}

	@Override
	public boolean supports(OutboundMessage message) {
		return message.isPushTo(PushTarget.WEB_PUSH);
	}

	WebPushSettings settings() {
		return this.settings;
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result;
		try {
			result = attempt(message);
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure sending delivery {} over Web Push", message.deliveryId(), ex);
			result = new RetryLater(provider(), "unexpected " + ex.getClass().getName(), null);
		}
		logger.debug("Delivery {} over Web Push: {}", message.deliveryId(), result);
		return result;
	}

	private DeliveryResult attempt(OutboundMessage message) {
		if (!supports(message)) {
			return new Rejected(provider(), "not a Web Push message: channel " + message.channel().id()
					+ ((message.device() != null) ? ", platform " + message.device().platform() : ", no device"),
					Cause.INVALID_ADDRESS);
		}
		Subscription subscription;
		try {
			subscription = Subscription.of(message.device(), this.settings.allowInsecureEndpoints());
		}
		catch (Subscription.Invalid ex) {
			return new Rejected(provider(), ex.getMessage(), Cause.INVALID_ADDRESS);
		}
		String topic = message.data().get(TOPIC_KEY);
		if (topic != null && !TOPIC.matcher(topic).matches()) {
			return new Rejected(provider(), "data 'topic' must be 1 to 32 letters, digits, '-' or '_'",
					Cause.CONTENT);
		}
		byte[] payload = payload(message);
		if (payload.length > WebPushEncryption.MAX_PLAINTEXT_LENGTH) {
			return new Rejected(provider(), "notification is " + WebPushEncryption.encryptedLength(payload.length)
					+ " bytes encrypted; Web Push carries at most " + WebPushEncryption.MAX_BODY_LENGTH,
					Cause.CONTENT);
		}
		HttpRequest request;
		try {
			byte[] body = WebPushEncryption.encrypt(payload, subscription.userAgentKey(),
					subscription.authSecret());
			request = request(subscription.endpoint(), body, urgency(message), topic);
		}
		catch (GeneralSecurityException ex) {
			// The JDK's own algorithms failing is not the message's fault: retry, and tell the operator.
			logger.warn("Could not encrypt or sign delivery {}", message.deliveryId(), ex);
			return new RetryLater(provider(), "could not encrypt or sign the notification: " + ex.getClass().getName(),
					null);
		}
		return exchange(request, message.deliveryId().toString(), subscription.endpoint().getHost());
	}

	/** The JSON the service worker's {@code push} event gets; data keys sorted, so equal messages are equal bytes. */
	private static byte[] payload(OutboundMessage message) {
		Map<String, Object> payload = new LinkedHashMap<>();
		if (message.subject() != null) {
			payload.put("title", message.subject());
		}
		if (message.textBody() != null) {
			payload.put("body", message.textBody());
		}
		payload.put("data", new TreeMap<>(message.data()));
		payload.put("deliveryId", message.deliveryId().toString());
		return json.writeValueAsBytes(payload);
	}

	/** RFC 8030 section 5.3; unknown values fall back to the default, {@code normal}. */
	private static String urgency(OutboundMessage message) {
		String requested = message.data().getOrDefault(URGENCY_KEY, "").strip().toLowerCase(Locale.ROOT);
		return switch (requested) {
			case "very-low", "low", "high" -> requested;
			default -> "normal";
		};
	}

	private HttpRequest request(URI endpoint, byte[] body, String urgency, String topic)
			throws GeneralSecurityException {
		HttpRequest.Builder request = HttpRequest.newBuilder(target(endpoint))
			.timeout(this.settings.timeout())
			.header("TTL", Long.toString(this.settings.ttl().toSeconds()))
			.header("Content-Encoding", "aes128gcm")
			.header("Content-Type", "application/octet-stream")
			.header("Urgency", urgency)
			.header("Authorization", this.settings.vapid().authorization(endpoint))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (topic != null) {
			request.header("Topic", topic);
		}
		return request.build();
	}

	private URI target(URI endpoint) {
		if (this.settings.endpointOverride().isEmpty()) {
			return endpoint;
		}
		String base = this.settings.endpointOverride().get().toString().replaceFirst("/+$", "");
		String path = (endpoint.getRawPath() != null) ? endpoint.getRawPath() : "";
		String query = (endpoint.getRawQuery() != null) ? "?" + endpoint.getRawQuery() : "";
		return URI.create(base + path + query);
	}

	private DeliveryResult exchange(HttpRequest request, String deliveryId, String host) {
		// Success answers carry nothing Herald needs but the Location header; error bodies only explain.
		BodyHandler<String> bodies = (info) -> (info.statusCode() / 100 == 2) ? BodySubscribers.replacing("")
				: new BodyPrefix(ERROR_BODY_LIMIT);
		CompletableFuture<HttpResponse<String>> pending = this.client.sendAsync(request, bodies);
		HttpResponse<String> response;
		try {
			// The request timeout ends at the response headers; this bounds the whole answer, body included.
			response = pending.get(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			pending.cancel(true);
			return retry("push service " + host + " did not answer within " + this.settings.timeout().toSeconds()
					+ " s");
		}
		catch (InterruptedException ex) {
			pending.cancel(true);
			Thread.currentThread().interrupt();
			return retry("interrupted while waiting for push service " + host);
		}
		catch (ExecutionException ex) {
			return failed(ex.getCause(), host);
		}
		return WebPushAnswers.of(response.statusCode(), response.headers().firstValue("Location"),
				response.headers().firstValue("Retry-After"), response.body(), deliveryId, host, this.clock);
	}

	private DeliveryResult failed(Throwable failure, String host) {
		if (failure instanceof HttpConnectTimeoutException) {
			return retry("could not connect to push service " + host + " within "
					+ this.settings.timeout().toSeconds() + " s");
		}
		if (failure instanceof HttpTimeoutException) {
			return retry("push service " + host + " did not answer within " + this.settings.timeout().toSeconds()
					+ " s");
		}
		if (failure instanceof ConnectException) {
			return retry("push service " + host + " unreachable: " + describe(failure));
		}
		if (failure instanceof IOException) {
			return retry("connection to push service " + host + " failed: " + describe(failure));
		}
		logger.warn("Unexpected failure talking to push service {}", host, failure);
		return retry("unexpected " + describe(failure));
	}

	private RetryLater retry(String reason) {
		return new RetryLater(provider(), reason, null);
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getSimpleName()
				+ ((message != null && !message.isBlank()) ? ": " + message.strip().replaceAll("\\s+", " ") : "");
	}

}
