package dev.herald.channels.push.apns;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;

/** Sends one tenant's alert notifications to Apple devices over APNs' HTTP/2 API. */
final class ApnsChannel implements Channel {

	/** Data key that lowers the priority to 5 (sent when the device's power allows): e.g. a marketing message. */
	static final String URGENCY = "urgency";

	/** APNs' limit for everything but VoIP pushes. */
	static final int MAX_PAYLOAD_BYTES = 4096;

	/** How long APNs keeps trying an offline device; an order update a day late is still worth showing. */
	static final Duration EXPIRATION = Duration.ofDays(1);

	/** Device tokens are hexadecimal; their length is Apple's to change. Also keeps the path to one segment. */
	private static final Pattern DEVICE_TOKEN = Pattern.compile("[0-9A-Fa-f]{1,512}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Logger logger = LoggerFactory.getLogger(ApnsChannel.class);

	private final ApnsSettings settings;

	private final ProviderTokens tokens;

	private final HttpClient http;

	private final Clock clock;

	private final Duration timeout;

	ApnsChannel(ApnsSettings settings, ProviderTokens tokens, HttpClient http, Clock clock, Duration timeout) {
		this.settings = settings;
		this.tokens = tokens;
		this.http = http;
		this.clock = clock;
		this.timeout = timeout;
	}

	@Override
	public ChannelType type() {
		return ChannelType.PUSH;
	}

	@Override
	public String provider() {
		return ApnsChannelProvider.ID;
	}

	@Override
	public boolean supports(OutboundMessage message) {
		return message.isPushTo(PushTarget.APNS);
	}

	ApnsSettings settings() {
		return this.settings;
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result;
		try {
			result = attempt(message);
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure sending delivery {} through APNs", message.deliveryId(), ex);
			result = new RetryLater(ApnsChannelProvider.ID, "unexpected " + describe(ex), null);
		}
		logger.debug("Delivery {} through APNs for {}: {}", message.deliveryId(), this.settings.topic(), result);
		return result;
	}

	private DeliveryResult attempt(OutboundMessage message) {
		if (!supports(message)) {
			return new Rejected(ApnsChannelProvider.ID, "not a push message for an APNs device", Cause.OTHER);
		}
		String deviceToken = message.device().token().strip();
		if (!DEVICE_TOKEN.matcher(deviceToken).matches()) {
			return new Rejected(ApnsChannelProvider.ID, "not an APNs device token (expected hexadecimal digits)",
					Cause.INVALID_ADDRESS);
		}
		byte[] payload = payload(message);
		if (payload.length > MAX_PAYLOAD_BYTES) {
			return new Rejected(ApnsChannelProvider.ID, "the notification is " + payload.length
					+ " bytes of JSON; APNs takes at most " + MAX_PAYLOAD_BYTES, Cause.CONTENT);
		}
		String jwt;
		try {
			jwt = this.tokens.get();
		}
		catch (GeneralSecurityException ex) {
			return new RetryLater(ApnsChannelProvider.ID,
					"could not sign an APNs provider token (" + ex.getClass().getSimpleName() + ")", null);
		}
		boolean low = "low".equalsIgnoreCase(message.data().get(URGENCY));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.settings.baseUrl() + "/3/device/" + deviceToken))
			.timeout(this.timeout)
			.header("authorization", "bearer " + jwt)
			.header("apns-topic", this.settings.topic())
			.header("apns-push-type", "alert")
			.header("apns-priority", low ? "5" : "10")
			.header("apns-expiration", Long.toString(this.clock.instant().plus(EXPIRATION).getEpochSecond()))
			// APNs answers with this id, and the same delivery retried keeps it.
			.header("apns-id", message.deliveryId().toString())
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(payload))
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (HttpTimeoutException ex) {
			return new RetryLater(ApnsChannelProvider.ID, "APNs did not answer within " + this.timeout, null);
		}
		catch (IOException ex) {
			return new RetryLater(ApnsChannelProvider.ID,
					"could not reach APNs at " + this.settings.baseUrl() + ": " + describe(ex), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new RetryLater(ApnsChannelProvider.ID, "interrupted while sending to APNs", null);
		}
		if (response.statusCode() == 200) {
			return new Delivered(ApnsChannelProvider.ID,
					response.headers().firstValue("apns-id").orElse(message.deliveryId().toString()));
		}
		String reason = ApnsAnswers.reason(response.body());
		if (ApnsAnswers.REFUSED_TOKEN.contains(reason)) {
			this.tokens.invalidate(jwt);
		}
		return ApnsAnswers.classify(response.statusCode(), reason, response.headers(), this.clock);
	}

	/**
	 * {@code {"aps":{"alert":{"title","body"},"sound":"default"}, …data}}: the data travel as top-level keys beside
	 * {@code aps}, where the app reads them; a data key named {@code aps} cannot replace Apple's dictionary.
	 */
	static byte[] payload(OutboundMessage message) {
		ObjectNode root = JSON.createObjectNode();
		ObjectNode aps = root.putObject("aps");
		if (message.subject() != null || message.textBody() != null) {
			ObjectNode alert = aps.putObject("alert");
			if (message.subject() != null) {
				alert.put("title", message.subject());
			}
			if (message.textBody() != null) {
				alert.put("body", message.textBody());
			}
		}
		aps.put("sound", "default");
		message.data().entrySet().stream()
			.filter((entry) -> !entry.getKey().equals("aps"))
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> root.put(entry.getKey(), entry.getValue()));
		return JSON.writeValueAsBytes(root);
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		String line = (message != null) ? message.strip().replaceAll("\\s+", " ") : "";
		return ex.getClass().getSimpleName() + (line.isEmpty() ? "" : ": " + line);
	}

}
