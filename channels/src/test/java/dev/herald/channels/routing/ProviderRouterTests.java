package dev.herald.channels.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;
import dev.herald.channels.routing.CircuitBreaker.State;
import dev.herald.channels.routing.ProviderRouter.Route;
import dev.herald.channels.routing.ProviderRouter.Routed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing logic over stand-in providers; the real providers are tested against their services' wire formats. */
class ProviderRouterTests {

	private final MutableClock clock = new MutableClock();

	private final StandIn a = new StandIn("provider-a");

	private final StandIn b = new StandIn("provider-b");

	private final CircuitBreaker breakerA = breaker();

	private final CircuitBreaker breakerB = breaker();

	@Test
	void aProviderAnswering503FailsOverToTheNextWhichDelivers() {
		this.a.answer((m) -> new DeliveryResult.RetryLater("provider-a", "503 Service Unavailable", null));
		ProviderRouter router = router(null);

		Routed routed = router.send(sms());

		assertThat(routed.result()).isInstanceOfSatisfying(DeliveryResult.Delivered.class,
				(delivered) -> assertThat(delivered.provider()).isEqualTo("provider-b"));
		assertThat(routed.calls()).extracting(ProviderRouter.Call::provider).containsExactly("provider-a", "provider-b");
		assertThat(routed.calls().getFirst().result()).isInstanceOf(DeliveryResult.RetryLater.class);
	}

	@Test
	void aFailingProvidersCircuitOpensSoItIsNoLongerCalledAndItComesBackAfterTheCooldown() {
		this.a.answer((m) -> new DeliveryResult.RetryLater("provider-a", "503", null));
		ProviderRouter router = router(null);
		for (int i = 0; i < 3; i++) {
			router.send(sms());
		}
		assertThat(this.breakerA.state()).isEqualTo(State.OPEN);
		int callsToA = this.a.calls;

		Routed whileOpen = router.send(sms());

		assertThat(this.a.calls).isEqualTo(callsToA);
		assertThat(whileOpen.result()).isInstanceOf(DeliveryResult.Delivered.class);
		this.a.answer((m) -> new DeliveryResult.Delivered("provider-a", "a-1"));
		this.clock.advance(Duration.ofSeconds(30));
		Routed probe = router.send(sms());
		assertThat(probe.result()).isInstanceOfSatisfying(DeliveryResult.Delivered.class,
				(delivered) -> assertThat(delivered.provider()).isEqualTo("provider-a"));
		assertThat(this.breakerA.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void aProviderThatThrowsCountsAsFailingAndTheNextOneDelivers() {
		this.a.answer((m) -> {
			throw new IllegalStateException("bug in provider-a");
		});

		Routed routed = router(null).send(sms());

		assertThat(routed.result().provider()).isEqualTo("provider-b");
		assertThat(routed.calls().getFirst().result()).isInstanceOfSatisfying(DeliveryResult.RetryLater.class,
				(retry) -> assertThat(retry.reason()).contains("bug in provider-a"));
	}

	@Test
	void aPermanentRejectionIsFinalAndDoesNotFailOver() {
		this.a.answer((m) -> new DeliveryResult.Rejected("provider-a", "invalid number", DeliveryResult.Cause.INVALID_ADDRESS));

		Routed routed = router(null).send(sms());

		assertThat(routed.result()).isInstanceOf(DeliveryResult.Rejected.class);
		assertThat(this.b.calls).isZero();
		assertThat(this.breakerA.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void whenEveryProviderFailsTheAnswerIsRetryLaterNamingEachFailure() {
		this.a.answer((m) -> new DeliveryResult.RetryLater("provider-a", "503", null));
		this.b.answer((m) -> new DeliveryResult.RetryLater("provider-b", "timeout", Duration.ofSeconds(7)));

		Routed routed = router(null).send(sms());

		assertThat(routed.result()).isInstanceOfSatisfying(DeliveryResult.RetryLater.class, (retry) -> {
			assertThat(retry.reason()).isEqualTo("every provider failed: provider-a: 503; provider-b: timeout");
			assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		});
	}

	@Test
	void aRateLimitedProviderIsSkippedAndWhenAllAreLimitedTheMessageWaitsWithoutFailing() {
		TokenBucket slow = new TokenBucket(1, 1, this.clock::nanos);
		ProviderRouter onlyA = new ProviderRouter(ChannelType.SMS, List.of(new Route(this.a, this.breakerA, slow)),
				this.clock::nanos);

		assertThat(onlyA.send(sms()).result()).isInstanceOf(DeliveryResult.Delivered.class);
		Routed second = onlyA.send(sms());

		assertThat(second.result()).isInstanceOfSatisfying(DeliveryResult.Throttled.class,
				(throttled) -> assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
		assertThat(second.calls()).isEmpty();
		assertThat(this.a.calls).isOne();
		ProviderRouter withB = new ProviderRouter(ChannelType.SMS, List.of(new Route(this.a, this.breakerA, slow),
				new Route(this.b, this.breakerB, null)), this.clock::nanos);
		assertThat(withB.send(sms()).result()).isInstanceOfSatisfying(DeliveryResult.Delivered.class,
				(delivered) -> assertThat(delivered.provider()).isEqualTo("provider-b"));
	}

	@Test
	void aPushMessageGoesOnlyToProvidersOfItsDevicesPlatform() {
		StandIn fcm = new StandIn("fcm", ChannelType.PUSH, PushTarget.FCM);
		StandIn webPush = new StandIn("webpush", ChannelType.PUSH, PushTarget.WEB_PUSH);
		ProviderRouter router = new ProviderRouter(ChannelType.PUSH,
				List.of(new Route(fcm, breaker(), null), new Route(webPush, breaker(), null)), this.clock::nanos);

		Routed toBrowser = router.send(push(PushTarget.WEB_PUSH));
		Routed toIphone = router.send(push(PushTarget.APNS));

		assertThat(toBrowser.result().provider()).isEqualTo("webpush");
		assertThat(fcm.calls).isZero();
		assertThat(toIphone.result()).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
				(rejected) -> assertThat(rejected.reason()).isEqualTo("no configured push provider can reach a apns device"));
	}

	private ProviderRouter router(TokenBucket rateOfA) {
		return new ProviderRouter(ChannelType.SMS,
				List.of(new Route(this.a, this.breakerA, rateOfA), new Route(this.b, this.breakerB, null)),
				this.clock::nanos);
	}

	private CircuitBreaker breaker() {
		return new CircuitBreaker(3, Duration.ofSeconds(30), Duration.ofMinutes(5), this.clock);
	}

	private static OutboundMessage sms() {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.SMS, "+821012345678", null, null,
				null, "Your parcel is on its way");
	}

	private static OutboundMessage push(String platform) {
		return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), ChannelType.PUSH, "token", null, "Shipped",
				null, "On its way", Map.of(), new PushTarget(platform, "token", Map.of()));
	}

	/** A provider answering as the test says. */
	private static final class StandIn implements Channel {

		private final String name;

		private final ChannelType type;

		private final String platform;

		private volatile Function<OutboundMessage, DeliveryResult> answer;

		private int calls;

		private final List<OutboundMessage> sent = new ArrayList<>();

		StandIn(String name) {
			this(name, ChannelType.SMS, null);
		}

		StandIn(String name, ChannelType type, String platform) {
			this.name = name;
			this.type = type;
			this.platform = platform;
			this.answer = (m) -> new DeliveryResult.Delivered(name, name + "-" + m.deliveryId());
		}

		void answer(Function<OutboundMessage, DeliveryResult> answer) {
			this.answer = answer;
		}

		@Override
		public ChannelType type() {
			return this.type;
		}

		@Override
		public String provider() {
			return this.name;
		}

		@Override
		public boolean supports(OutboundMessage message) {
			return message.channel() == this.type
					&& (this.platform == null || (message.device() != null && this.platform.equals(message.device().platform())));
		}

		@Override
		public DeliveryResult send(OutboundMessage message) {
			this.calls++;
			this.sent.add(message);
			return this.answer.apply(message);
		}

	}

}
