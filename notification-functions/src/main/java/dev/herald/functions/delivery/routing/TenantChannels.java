package dev.herald.functions.delivery.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.ProviderSettings;
import dev.herald.channels.routing.CircuitBreaker;
import dev.herald.channels.routing.ProviderRouter;
import dev.herald.channels.routing.TokenBucket;
import dev.herald.db.provider.ProviderConfigRepository;
import dev.herald.db.provider.ProviderConfigRepository.ProviderConfig;
import dev.herald.db.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider routers of each tenant: its configured providers per channel in failover order, each with its circuit
 * breaker and sending rate, or the instance's default channels where it configured none. Channels are created once
 * per configuration version, not per message; breakers and rate buckets outlive a configuration change, so editing
 * a provider's settings does not reset what Herald learned about it.
 */
public class TenantChannels {

	private static final Logger logger = LoggerFactory.getLogger(TenantChannels.class);

	private static final Duration RECHECK = Duration.ofSeconds(1);

	/** Settings by which providers let a URL other than the real service's be called. */
	private static final java.util.Set<String> ENDPOINT_SETTINGS = java.util.Set.of("baseUrl", "endpoint", "tokenUri",
			"endpointOverride");

	private final ProviderConfigRepository configs;

	private final Map<String, ChannelProvider> providers;

	private final Map<ChannelType, List<Channel>> defaults;

	private final BreakerSettings breakerSettings;

	private final boolean allowEndpointOverrides;

	private final boolean allowInstanceCredentials;

	private final Clock clock;

	private final Map<TenantId, Entry> entries = new ConcurrentHashMap<>();

	private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	public TenantChannels(ProviderConfigRepository configs, Collection<ChannelProvider> providers,
			Collection<Channel> defaults, BreakerSettings breakerSettings, boolean allowEndpointOverrides,
			boolean allowInstanceCredentials, Clock clock) {
		this.configs = configs;
		this.providers = providers.stream().collect(Collectors.toMap(ChannelProvider::id, Function.identity()));
		this.defaults = new EnumMap<>(ChannelType.class);
		for (Channel channel : defaults) {
			this.defaults.computeIfAbsent(channel.type(), (type) -> new ArrayList<>()).add(channel);
		}
		this.breakerSettings = breakerSettings;
		this.allowEndpointOverrides = allowEndpointOverrides;
		this.allowInstanceCredentials = allowInstanceCredentials;
		this.clock = clock;
	}

	/**
	 * The router for a tenant's channel, rebuilt when the tenant's provider configuration has changed. The version is
	 * looked up at most once a second per tenant, so a change takes effect within a second without a query per message.
	 */
	public ProviderRouter router(TenantId tenant, ChannelType channel) {
		Instant now = this.clock.instant();
		Entry entry = this.entries.get(tenant);
		if (entry == null || !now.isBefore(entry.checkedAt().plus(RECHECK))) {
			long version = this.configs.version(tenant);
			entry = (entry != null && entry.version() == version) ? new Entry(version, entry.routers(), now)
					: new Entry(version, build(tenant), now);
			this.entries.put(tenant, entry);
		}
		return entry.routers().get(channel);
	}

	/**
	 * Forgets every router built so far, with the clients, cached provider tokens, circuit breakers and rate buckets
	 * they hold: after a SnapStart restore their clocks and tokens belong to another time. Rebuilt on next use.
	 */
	public void clear() {
		this.entries.clear();
		this.breakers.clear();
		this.buckets.clear();
	}

	/** The ids of the provider kinds this instance can create, e.g. for the console's choices. */
	public java.util.Set<String> providerIds() {
		return this.providers.keySet();
	}

	/**
	 * Creates the channel a configuration describes, to check it before it is saved.
	 * @throws IllegalArgumentException with the reason when the provider is unknown or the settings are not enough
	 */
	public void check(String channel, String providerId, Map<String, String> settings, Map<String, String> secrets) {
		ChannelProvider provider = this.providers.get(providerId);
		if (provider == null || !provider.channel().id().equals(channel)) {
			throw new IllegalArgumentException("no " + channel + " provider '" + providerId + "'; known: "
					+ this.providers.values().stream().filter((p) -> p.channel().id().equals(channel))
						.map(ChannelProvider::id).sorted().toList());
		}
		refuseOperatorSettings(providerId, settings);
		provider.create(new ProviderSettings(providerId, settings, secrets));
	}

	/**
	 * Settings only an operator may allow tenants: naming the URL Herald calls could make Herald's servers call
	 * anything they can reach (SSRF), and the server's own cloud credentials are the operator's, not a tenant's.
	 */
	private void refuseOperatorSettings(String providerId, Map<String, String> settings) {
		for (String key : settings.keySet()) {
			if (!this.allowEndpointOverrides && ENDPOINT_SETTINGS.contains(key)) {
				throw new IllegalArgumentException("provider " + providerId + ": the setting '" + key
						+ "' is not allowed on this Herald instance (herald.functions.allow-endpoint-overrides)");
			}
			if (!this.allowInstanceCredentials && key.equals("useInstanceCredentials")) {
				throw new IllegalArgumentException("provider " + providerId + ": the setting '" + key
						+ "' is not allowed on this Herald instance (herald.functions.allow-instance-credentials)");
			}
		}
	}

	private Map<ChannelType, ProviderRouter> build(TenantId tenant) {
		Map<ChannelType, ProviderRouter> routers = new EnumMap<>(ChannelType.class);
		for (ChannelType type : ChannelType.values()) {
			List<ProviderRouter.Route> routes = new ArrayList<>();
			List<ProviderConfig> configured = this.configs.list(tenant, type.id()).stream()
				.filter(ProviderConfig::enabled)
				.toList();
			if (configured.isEmpty()) {
				for (Channel channel : this.defaults.getOrDefault(type, List.of())) {
					routes.add(new ProviderRouter.Route(channel, breaker(tenant, type, channel.provider()), null));
				}
			}
			for (ProviderConfig config : configured) {
				routes.add(new ProviderRouter.Route(create(config), breaker(tenant, type, config.provider()),
						bucket(tenant, type, config)));
			}
			routers.put(type, new ProviderRouter(type, routes));
		}
		return routers;
	}

	private Channel create(ProviderConfig config) {
		ChannelType type = ChannelType.fromId(config.channel()).orElseThrow();
		ChannelProvider provider = this.providers.get(config.provider());
		if (provider == null) {
			return new Misconfigured(type, config.provider(), "this Herald instance has no provider '"
					+ config.provider() + "'");
		}
		try {
			refuseOperatorSettings(config.provider(), config.settings());
			return provider.create(new ProviderSettings(config.provider(), config.settings(),
					this.configs.openSecrets(config)));
		}
		catch (RuntimeException ex) {
			// Visible on every delivery it holds up, and failover moves on to the next provider meanwhile.
			logger.warn("Provider {} of tenant {} ({}) cannot be used: {}", config.provider(), config.tenantId(),
					config.channel(), ex.getMessage());
			return new Misconfigured(type, config.provider(), "misconfigured: " + ex.getMessage());
		}
	}

	private CircuitBreaker breaker(TenantId tenant, ChannelType type, String provider) {
		return this.breakers.computeIfAbsent(tenant + "/" + type.id() + "/" + provider,
				(key) -> new CircuitBreaker(this.breakerSettings.failureThreshold(), this.breakerSettings.openFor(),
						this.breakerSettings.maxOpenFor(), this.clock));
	}

	private TokenBucket bucket(TenantId tenant, ChannelType type, ProviderConfig config) {
		String key = tenant + "/" + type.id() + "/" + config.provider();
		if (config.ratePerSecond() == null) {
			this.buckets.remove(key);
			return null;
		}
		int burst = (config.burst() != null) ? config.burst() : Math.max(1, (int) Math.ceil(config.ratePerSecond()));
		Bucket bucket = this.buckets.compute(key, (k, existing) -> (existing != null
				&& existing.rate() == config.ratePerSecond() && existing.burst() == burst) ? existing
						: new Bucket(config.ratePerSecond(), burst, new TokenBucket(config.ratePerSecond(), burst)));
		return bucket.bucket();
	}

	/**
	 * Circuit breaker settings for every provider of every tenant.
	 * @param failureThreshold transient failures in a row that open the circuit
	 * @param openFor how long it stays open before a probe
	 * @param maxOpenFor the longest it stays open after failed probes
	 */
	public record BreakerSettings(int failureThreshold, Duration openFor, Duration maxOpenFor) {
	}

	private record Entry(long version, Map<ChannelType, ProviderRouter> routers, Instant checkedAt) {
	}

	private record Bucket(double rate, int burst, TokenBucket bucket) {
	}

	/** Stands in for a provider that cannot be created, so its deliveries say why instead of vanishing. */
	private record Misconfigured(ChannelType type, String provider, String reason) implements Channel {

		@Override
		public DeliveryResult send(OutboundMessage message) {
			return new DeliveryResult.RetryLater(this.provider, this.reason, null);
		}

	}

}
