package dev.herald.console.api;

import java.net.URI;

import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.secret.SecretBox;
import dev.herald.db.snsapi.SnsAccessKeyRepository;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Security for {@code /api/**}: API keys only, no sessions, no cookies (so no CSRF), and a JSON 401 naming the
 * problem instead of a redirect to the console's login page.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyRepository apiKeys, JsonMapper json) throws Exception {
		return http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("API"))
			.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), AnonymousAuthenticationFilter.class)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
						"A valid API key is required: send it as 'Authorization: Bearer <key>'.");
				problem.setType(URI.create("https://herald.dev/problems/unauthorized"));
				problem.setTitle("Unauthorized");
				response.setStatus(HttpStatus.UNAUTHORIZED.value());
				response.setHeader("WWW-Authenticate", "Bearer realm=\"herald\"");
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.getWriter().write(json.writeValueAsString(problem));
			}))
			.build();
	}

	@Bean
	SnsAccessKeyRepository snsAccessKeyRepository(org.springframework.jdbc.core.simple.JdbcClient jdbc,
			SecretBox secrets) {
		return new SnsAccessKeyRepository(jdbc, secrets);
	}

	@Bean
	ApiKeyRepository apiKeyRepository(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
		return new ApiKeyRepository(jdbc);
	}

}
