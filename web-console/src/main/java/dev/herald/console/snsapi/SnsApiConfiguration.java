package dev.herald.console.snsapi;

import java.time.Clock;

import dev.herald.console.ServerProperties;
import dev.herald.db.snsapi.SnsAccessKeyRepository;
import dev.herald.db.snsapi.SnsTopicRepository;
import dev.herald.functions.ingest.IngestFunction;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The SNS-compatible API, on unless {@code herald.server.sns-api.enabled=false}. Its requests carry their own SigV4
 * authentication, so Spring Security lets them through to the controller: no session, no CSRF token (an SDK has
 * neither), and the console's login never sees them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.server.sns-api.enabled", matchIfMissing = true)
class SnsApiConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain snsApiSecurity(HttpSecurity http, ServerProperties properties) throws Exception {
		return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST,
				properties.snsApi().path()))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.build();
	}

	@Bean
	SnsTopicRepository snsTopicRepository(JdbcClient jdbc) {
		return new SnsTopicRepository(jdbc);
	}

	@Bean
	SigV4Verifier sigV4Verifier(SnsAccessKeyRepository keys) {
		return new SigV4Verifier(keys::findActive, Clock.systemUTC());
	}

	@Bean
	SnsActions snsActions(SnsTopicRepository topics, IngestFunction ingest) {
		return new SnsActions(topics, ingest);
	}

}
