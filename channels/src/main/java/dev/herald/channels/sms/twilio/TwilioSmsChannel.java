package dev.herald.channels.sms.twilio;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.DeliveryResult.Throttled;
import dev.herald.channels.OutboundMessage;

/**
 * Sends SMS through Twilio's Messages API: one form-encoded {@code POST} per message, authenticated with HTTP Basic.
 */
final class TwilioSmsChannel implements Channel {

	static final String PROVIDER = TwilioSmsProvider.ID;

	/** E.164: a plus, then up to 15 digits, the first not 0. */
	private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

	/** Twilio's answers are a few kilobytes; anything much larger is not Twilio. */
	private static final long MAX_ANSWER_BYTES = 64 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(TwilioSmsChannel.class);

	private final TwilioSettings settings;

	private final HttpClient client;

	private final Duration requestTimeout;

	private final Clock clock;

	private final String authorization;

	private final String statusCallbackPrefix;

	TwilioSmsChannel(TwilioSettings settings, HttpClient client, Duration requestTimeout, Clock clock) {
		this(settings, client, requestTimeout, clock, null);
	}

	/**
	 * @param statusCallbackPrefix Herald's status callback URL but for the tenant's id, or {@code null}; the tenant's
	 * own {@code statusCallbackUrl} wins
	 */
	TwilioSmsChannel(TwilioSettings settings, HttpClient client, Duration requestTimeout, Clock clock,
			String statusCallbackPrefix) {
		this.statusCallbackPrefix = statusCallbackPrefix;
		this.settings = Objects.requireNonNull(settings, "settings");
		this.client = Objects.requireNonNull(client, "client");
		this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.authorization = settings.credentials().authorization();
	}

	@Override
	public ChannelType type() {
		return ChannelType.SMS;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	TwilioSettings settings() {
		return this.settings;
	}

	Duration requestTimeout() {
		return this.requestTimeout;
	}

	HttpClient client() {
		return this.client;
	}

	@Override
	public DeliveryResult send(OutboundMessage message) {
		DeliveryResult result;
		try {
			result = redacted(attempt(message));
		}
		catch (RuntimeException ex) {
			// The exception is not logged: its message could quote anything, the credentials included.
			logger.warn("Unexpected {} sending delivery {} through Twilio", ex.getClass().getName(),
					message.deliveryId());
			result = new RetryLater(PROVIDER, "unexpected failure: " + ex.getClass().getSimpleName(), null);
		}
		logger.debug("Delivery {} through Twilio: {}", message.deliveryId(), result);
		return result;
	}

	private DeliveryResult attempt(OutboundMessage message) {
		if (message.channel() != ChannelType.SMS) {
			return new Rejected(PROVIDER, "not an SMS message: channel " + message.channel().id());
		}
		if (!E164.matcher(message.to()).matches()) {
			return new Rejected(PROVIDER, "the recipient is not an E.164 phone number such as +14155550100",
					Cause.INVALID_ADDRESS);
		}
		if (message.textBody() == null || message.textBody().isBlank()) {
			return new Rejected(PROVIDER, "the SMS has no text", Cause.CONTENT);
		}
		return post(form(message));
	}

	/** Twilio's parameter names; a Messaging Service picks the sender from its pool unless From names one of it. */
	private Map<String, String> form(OutboundMessage message) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("To", message.to());
		if (this.settings.from() != null) {
			form.put("From", this.settings.from());
		}
		if (this.settings.messagingServiceSid() != null) {
			form.put("MessagingServiceSid", this.settings.messagingServiceSid());
		}
		form.put("Body", message.textBody());
		if (this.settings.statusCallbackUrl() != null) {
			form.put("StatusCallback", this.settings.statusCallbackUrl());
		}
		else if (this.statusCallbackPrefix != null) {
			form.put("StatusCallback", this.statusCallbackPrefix + message.tenantId());
		}
		return form;
	}

	private DeliveryResult post(Map<String, String> form) {
		HttpRequest request = HttpRequest.newBuilder(this.settings.messagesUrl())
			.timeout(this.requestTimeout)
			.header("Authorization", this.authorization)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form)))
			.build();
		CompletableFuture<HttpResponse<String>> answer = this.client.sendAsync(request,
				BodyHandlers.limiting(BodyHandlers.ofString(StandardCharsets.UTF_8), MAX_ANSWER_BYTES));
		try {
			// The request timeout ends when the headers arrive; this bounds reading the body as well.
			HttpResponse<String> response = answer.get(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
			return TwilioAnswers.read(response.statusCode(), response.body(),
					response.headers().firstValue("Retry-After").orElse(null), this.clock.instant());
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			return timedOut();
		}
		catch (InterruptedException ex) {
			answer.cancel(true);
			Thread.currentThread().interrupt();
			return new RetryLater(PROVIDER, "interrupted while sending to Twilio", null);
		}
		catch (ExecutionException ex) {
			return failed(ex.getCause());
		}
	}

	private DeliveryResult failed(Throwable failure) {
		return switch (failure) {
			case HttpConnectTimeoutException ex -> new RetryLater(PROVIDER,
					"could not connect to Twilio: timed out", null);
			case HttpTimeoutException ex -> timedOut();
			case ConnectException ex -> new RetryLater(PROVIDER, "could not connect to Twilio: " + describe(ex), null);
			case IOException ex -> new RetryLater(PROVIDER, "Twilio's answer was lost: " + describe(ex), null);
			default -> new RetryLater(PROVIDER, "could not send to Twilio: " + describe(failure), null);
		};
	}

	/** Twilio may have taken the message before the answer was lost; retrying risks sending it twice. */
	private DeliveryResult timedOut() {
		return new RetryLater(PROVIDER,
				"Twilio did not answer within " + this.requestTimeout.toMillis() + " ms; the SMS may have been sent",
				null);
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	private static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/** Twilio never echoes credentials, but a compatible service or a proxy in between might. */
	private DeliveryResult redacted(DeliveryResult result) {
		return switch (result) {
			case Delivered delivered -> delivered;
			case RetryLater retry -> new RetryLater(retry.provider(), redact(retry.reason()), retry.retryAfter());
			case Rejected rejected -> new Rejected(rejected.provider(), redact(rejected.reason()), rejected.cause());
			case Throttled throttled -> throttled;
		};
	}

	private String redact(String reason) {
		String password = this.settings.credentials().password();
		String encoded = this.authorization.substring("Basic ".length());
		return reason.replace(password, "******").replace(encoded, "******");
	}

}
