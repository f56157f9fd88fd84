package dev.herald.console.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.herald.channels.ChannelType;
import dev.herald.db.provider.ProviderConfigRepository;
import dev.herald.db.provider.ProviderConfigRepository.NewProviderConfig;
import dev.herald.db.provider.ProviderConfigRepository.ProviderConfig;
import dev.herald.events.Problem;
import dev.herald.functions.delivery.routing.TenantChannels;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/providers/{channel}}: the tenant's providers for a channel, in failover order. Secrets are write-only:
 * answers show only their last characters, and a provider sent without secrets keeps the stored ones. Each
 * configuration is checked by creating its channel before it is saved, so a typo is a 400, not a failed delivery.
 */
@RestController
class ProvidersController {

	private final ProviderConfigRepository configs;

	private final TenantChannels channels;

	private final TransactionOperations transactions;

	ProvidersController(ProviderConfigRepository configs, TenantChannels channels,
			TransactionOperations transactions) {
		this.configs = configs;
		this.channels = channels;
		this.transactions = transactions;
	}

	@GetMapping("/api/v1/providers/{channel}")
	ResponseEntity<?> list(@PathVariable String channel) {
		if (ChannelType.fromId(channel).isEmpty()) {
			return unknownChannel(channel);
		}
		return ResponseEntity.ok(new Providers(channel,
				this.configs.list(tenant(), channel).stream().map(ProvidersController::shown).toList()));
	}

	@PutMapping(path = "/api/v1/providers/{channel}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> replace(@PathVariable String channel, @RequestBody ProvidersBody body) {
		if (ChannelType.fromId(channel).isEmpty()) {
			return unknownChannel(channel);
		}
		List<ProviderBody> providers = (body.providers() != null) ? body.providers() : List.of();
		Map<String, ProviderConfig> stored = new LinkedHashMap<>();
		this.configs.list(tenant(), channel).forEach((config) -> stored.put(config.provider(), config));
		List<Problem> problems = new ArrayList<>();
		List<NewProviderConfig> accepted = new ArrayList<>();
		for (int i = 0; i < providers.size(); i++) {
			ProviderBody provider = providers.get(i);
			String path = "$.providers[" + i + "]";
			if (provider.provider() == null || provider.provider().isBlank()) {
				problems.add(new Problem(path + ".provider", "is required"));
				continue;
			}
			Map<String, String> settings = (provider.settings() != null) ? provider.settings() : Map.of();
			Map<String, String> secrets = (provider.secrets() != null) ? provider.secrets() : Map.of();
			if (provider.ratePerSecond() != null && provider.ratePerSecond() <= 0) {
				problems.add(new Problem(path + ".ratePerSecond", "must be positive, or left out for no limit"));
			}
			if (provider.burst() != null && provider.burst() < 1) {
				problems.add(new Problem(path + ".burst", "must be at least 1"));
			}
			try {
				ProviderConfig before = stored.get(provider.provider());
				Map<String, String> effectiveSecrets = (secrets.isEmpty() && before != null)
						? this.configs.openSecrets(before) : secrets;
				this.channels.check(channel, provider.provider(), settings, effectiveSecrets);
			}
			catch (IllegalArgumentException ex) {
				problems.add(new Problem(path, ex.getMessage()));
			}
			accepted.add(new NewProviderConfig(provider.provider(), provider.enabled() == null || provider.enabled(),
					settings, secrets, provider.ratePerSecond(), provider.burst()));
		}
		if (!problems.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					problems.size() + " problem(s) with the providers; see 'errors'");
			problem.setTitle("Invalid providers");
			problem.setProperty("errors", problems);
			return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		this.transactions.executeWithoutResult((status) -> this.configs.replace(tenant(), channel, accepted));
		return list(channel);
	}

	private static ResponseEntity<?> unknownChannel(String channel) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No channel '" + channel
					+ "'; channels are email, sms and push"));
	}

	private static dev.herald.db.tenant.TenantId tenant() {
		return ((TenantAuthentication) SecurityContextHolder.getContext().getAuthentication()).tenant();
	}

	private static Shown shown(ProviderConfig config) {
		return new Shown(config.provider(), config.enabled(), config.settings(), config.secretHints(),
				config.ratePerSecond(), config.burst());
	}

	record ProvidersBody(List<ProviderBody> providers) {
	}

	record ProviderBody(String provider, Boolean enabled, Map<String, String> settings, Map<String, String> secrets,
			Double ratePerSecond, Integer burst) {

		@Override
		public String toString() {
			return "ProviderBody[" + this.provider + "]";
		}

	}

	record Providers(String channel, List<Shown> providers) {
	}

	/** A provider as shown back: secrets only as hints. */
	record Shown(String provider, boolean enabled, Map<String, String> settings, Map<String, String> secrets,
			Double ratePerSecond, Integer burst) {
	}

}
