package dev.herald.console.sns;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.time.Clock;
import java.util.Set;

import dev.herald.console.ServerProperties;
import dev.herald.db.sns.SnsRepository;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.status.ProviderStatusManagement;
import dev.herald.functions.sns.HttpsSnsFetcher;
import dev.herald.functions.sns.SnsFetcher;
import dev.herald.functions.sns.SnsSignatureVerifier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The SNS endpoint ({@code herald.server.sns.enabled}, on by default): open to anyone, since SNS signs instead of
 * authenticating; every message is proven by its signature, or for raw delivery by an API key, in the controller.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "herald.server.sns", name = "enabled", havingValue = "true", matchIfMissing = true)
class SnsConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain snsSecurity(HttpSecurity http, ServerProperties properties) throws Exception {
		return http.securityMatcher(properties.sns().path() + "/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// No cookies are read here, so there is nothing for CSRF to forge.
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.build();
	}

	@Bean
	SnsRepository snsRepository(JdbcClient jdbc) {
		return new SnsRepository(jdbc);
	}

	@Bean
	SnsTrafficManagement snsTrafficManagement(SnsRepository sns, SnsSignatureVerifier verifier, SnsFetcher fetcher,
			IngestFunction ingest, ProviderStatusManagement status) {
		return new SnsTrafficManagement(sns, verifier, fetcher, ingest, status);
	}

	@Bean
	SnsFetcher snsFetcher(ServerProperties properties) {
		return HttpsSnsFetcher.withSystemDefaults(properties.sns().connectTimeout(), properties.sns().readTimeout());
	}

	@Bean
	SnsSignatureVerifier snsSignatureVerifier(SnsFetcher fetcher, ServerProperties properties) {
		ServerProperties.Sns sns = properties.sns();
		return new SnsSignatureVerifier(fetcher, trustAnchors(sns), sns.certificateSubject(), Clock.systemUTC(),
				sns.certificateCacheSize());
	}

	private static Set<TrustAnchor> trustAnchors(ServerProperties.Sns sns) {
		if (sns.trustStore() == null) {
			return SnsSignatureVerifier.jdkTrustAnchors();
		}
		char[] password = (sns.trustStorePassword() != null) ? sns.trustStorePassword().toCharArray() : null;
		try {
			return SnsSignatureVerifier.trustAnchorsOf(KeyStore.getInstance(sns.trustStore().toFile(), password));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read herald.server.sns.trust-store " + sns.trustStore(), ex);
		}
	}

}
