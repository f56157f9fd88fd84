package dev.herald.channels.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.OutboundMessage;

/**
 * Sends a message through the first of a tenant's providers for a channel that takes it. A transient failure moves on
 * to the next provider at once; a permanent rejection does not (another provider cannot make a bad address good).
 * Providers whose circuit is open are skipped, and so are those whose sending rate is used up; when every provider is
 * only rate-limited the message is {@link DeliveryResult.Throttled throttled}, not failed. Every provider call is
 * reported with its answer and latency.
 */
public final class ProviderRouter {

	private final ChannelType channel;

	private final List<Route> routes;

	private final LongSupplier nanoTime;

	public ProviderRouter(ChannelType channel, List<Route> routes, LongSupplier nanoTime) {
		this.channel = channel;
		this.routes = List.copyOf(routes);
		this.nanoTime = nanoTime;
	}

	public ProviderRouter(ChannelType channel, List<Route> routes) {
		this(channel, routes, System::nanoTime);
	}

	public ChannelType channel() {
		return this.channel;
	}

	public List<Route> routes() {
		return this.routes;
	}

	public Routed send(OutboundMessage message) {
		List<Call> calls = new ArrayList<>();
		StringJoiner skipped = new StringJoiner("; ");
		Duration throttledFor = null;
		DeliveryResult.RetryLater lastFailure = null;
		boolean anySupports = false;
		for (Route route : this.routes) {
			if (!route.channel().supports(message)) {
				continue;
			}
			anySupports = true;
			String provider = route.channel().provider();
			if (!route.breaker().tryAcquire()) {
				skipped.add(provider + ": circuit open after repeated failures, retrying it in "
						+ route.breaker().remainingOpen().toSeconds() + " s");
				continue;
			}
			if (route.rate() != null) {
				Duration wait = route.rate().tryAcquire();
				if (!wait.isZero()) {
					route.breaker().release();
					throttledFor = (throttledFor == null || wait.compareTo(throttledFor) < 0) ? wait : throttledFor;
					skipped.add(provider + ": sending rate used up");
					continue;
				}
			}
			long started = this.nanoTime.getAsLong();
			DeliveryResult result = sendThrough(route.channel(), message);
			long latency = (this.nanoTime.getAsLong() - started) / 1_000_000;
			calls.add(new Call(provider, result, latency));
			switch (result) {
				case DeliveryResult.Delivered delivered -> {
					route.breaker().onSuccess();
					return new Routed(result, calls);
				}
				case DeliveryResult.Rejected rejected -> {
					// The provider is healthy; the message or address is not.
					route.breaker().onSuccess();
					return new Routed(result, calls);
				}
				case DeliveryResult.RetryLater retry -> {
					route.breaker().onFailure();
					lastFailure = retry;
				}
				case DeliveryResult.Throttled throttled -> {
					route.breaker().release();
					throttledFor = throttled.retryAfter();
				}
			}
		}
		if (!anySupports) {
			String what = (message.device() != null) ? "a " + message.device().platform() + " device"
					: this.channel.id() + " messages";
			return new Routed(new DeliveryResult.Rejected("none",
					"no configured " + this.channel.id() + " provider can reach " + what, DeliveryResult.Cause.OTHER),
					calls);
		}
		if (lastFailure == null && throttledFor != null) {
			return new Routed(new DeliveryResult.Throttled(lastProvider(calls, "rate-limit"), throttledFor), calls);
		}
		if (calls.size() == 1 && skipped.length() == 0 && lastFailure != null) {
			return new Routed(lastFailure, calls);
		}
		StringJoiner reasons = new StringJoiner("; ");
		for (Call call : calls) {
			if (call.result() instanceof DeliveryResult.RetryLater retry) {
				reasons.add(call.provider() + ": " + retry.reason());
			}
		}
		if (skipped.length() > 0) {
			reasons.add(skipped.toString());
		}
		Duration retryAfter = (lastFailure != null) ? lastFailure.retryAfter() : throttledFor;
		String provider = (lastFailure != null) ? lastFailure.provider() : lastProvider(calls, "none");
		String prefix = (calls.size() + (skipped.length() > 0 ? 1 : 0) > 1) ? "every provider failed: " : "";
		return new Routed(new DeliveryResult.RetryLater(provider, prefix + reasons, retryAfter), calls);
	}

	/**
	 * Channels answer with results; one that throws anyway (a bug) counts as a transient failure of that provider, so
	 * its circuit learns from it and the next provider still gets the message.
	 */
	private static DeliveryResult sendThrough(Channel channel, OutboundMessage message) {
		try {
			return channel.send(message);
		}
		catch (RuntimeException ex) {
			return new DeliveryResult.RetryLater(channel.provider(),
					"provider error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage(), null);
		}
	}

	private static String lastProvider(List<Call> calls, String fallback) {
		return calls.isEmpty() ? fallback : calls.getLast().provider();
	}

	/**
	 * One provider in the failover order.
	 * @param rate the tenant's sending rate for this provider, or {@code null} for none
	 */
	public record Route(Channel channel, CircuitBreaker breaker, TokenBucket rate) {

		public Route {
			Objects.requireNonNull(channel, "channel");
			Objects.requireNonNull(breaker, "breaker");
		}

	}

	/** One provider call: who, what it answered, how long it took. */
	public record Call(String provider, DeliveryResult result, long latencyMillis) {
	}

	/** The outcome of routing one message, and every provider call made for it. */
	public record Routed(DeliveryResult result, List<Call> calls) {

		public Routed {
			calls = List.copyOf(calls);
		}

	}

}
