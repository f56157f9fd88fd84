package dev.herald.channels.push.fcm;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;

/** Sends one tenant's push notifications to FCM registration tokens through the HTTP v1 API. */
final class FcmChannel implements Channel {

	/** Data key that lowers the priority: a hint to the provider, e.g. for a marketing message. */
	static final String URGENCY = "urgency";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Logger logger = LoggerFactory.getLogger(FcmChannel.class);

	private final FcmSettings settings;

	private final AccessTokens tokens;

	private final HttpClient http;

	private final Clock clock;

	private final Duration timeout;

	FcmChannel(FcmSettings settings, AccessTokens tokens, HttpClient http, Clock clock, Duration timeout) {
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
		return FcmChannelProvider.ID;
	}

	@Override
	public boolean supports(OutboundMessage message) {
		return message.isPushTo(PushTarget.FCM);
	}

	FcmSettings settings() {
		return this.settings;
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result;
		try {
			result = attempt(message);
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure sending delivery {} through FCM", message.deliveryId(), ex);
			result = new RetryLater(FcmChannelProvider.ID, "unexpected " + FcmAnswers.describe(ex), null);
		}
		logger.debug("Delivery {} through FCM project {}: {}", message.deliveryId(), this.settings.projectId(),
				result);
		return result;
	}

	private DeliveryResult attempt(OutboundMessage message) {
		if (!supports(message)) {
			return new Rejected(FcmChannelProvider.ID, "not a push message for an FCM device", Cause.OTHER);
		}
		String registrationToken = message.device().token().strip();
		if (registrationToken.isEmpty()) {
			return new Rejected(FcmChannelProvider.ID, "the device has an empty FCM registration token",
					Cause.INVALID_ADDRESS);
		}
		String accessToken;
		try {
			accessToken = this.tokens.get();
		}
		catch (TokenUnavailableException ex) {
			return new RetryLater(FcmChannelProvider.ID, ex.getMessage(), ex.retryAfter());
		}
		HttpRequest request = HttpRequest.newBuilder(this.settings.sendUri())
			.timeout(this.timeout)
			.header("Authorization", "Bearer " + accessToken)
			.header("Content-Type", "application/json; charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body(message, registrationToken)))
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (HttpTimeoutException ex) {
			return new RetryLater(FcmChannelProvider.ID, "FCM did not answer within " + this.timeout, null);
		}
		catch (IOException ex) {
			return new RetryLater(FcmChannelProvider.ID,
					"could not reach FCM at " + this.settings.sendUri() + ": " + FcmAnswers.describe(ex), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new RetryLater(FcmChannelProvider.ID, "interrupted while sending to FCM", null);
		}
		if (response.statusCode() == 401) {
			// Revoked, or expired early: the next send fetches a new one.
			this.tokens.invalidate(accessToken);
		}
		return FcmAnswers.classify(response.statusCode(), response.headers(), response.body(), this.clock);
	}

	/**
	 * {@code {"message":{"token","notification":{"title","body"},"data":{…},"android":{"priority"},"apns":{…}}}}.
	 * Low urgency lowers the priority on both platforms FCM reaches: Android's and APNs' (5, not 10).
	 */
	static byte[] body(OutboundMessage message, String registrationToken) {
		ObjectNode root = JSON.createObjectNode();
		ObjectNode fcm = root.putObject("message");
		fcm.put("token", registrationToken);
		if (message.subject() != null || message.textBody() != null) {
			ObjectNode notification = fcm.putObject("notification");
			if (message.subject() != null) {
				notification.put("title", message.subject());
			}
			if (message.textBody() != null) {
				notification.put("body", message.textBody());
			}
		}
		if (!message.data().isEmpty()) {
			ObjectNode data = fcm.putObject("data");
			message.data().entrySet().stream()
				.sorted(Map.Entry.comparingByKey())
				.forEach((entry) -> data.put(entry.getKey(), entry.getValue()));
		}
		boolean low = "low".equalsIgnoreCase(message.data().get(URGENCY));
		fcm.putObject("android").put("priority", low ? "normal" : "high");
		if (low) {
			fcm.putObject("apns").putObject("headers").put("apns-priority", "5");
		}
		return JSON.writeValueAsBytes(root);
	}

}
