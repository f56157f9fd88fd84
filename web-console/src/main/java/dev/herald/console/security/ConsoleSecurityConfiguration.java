package dev.herald.console.security;

import dev.herald.db.user.ConsoleUserRepository;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/** Form login for the console, CSRF on, strict security headers; health stays open for load balancers. */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/login", "/css/**", "/favicon.ico", "/error", "/actuator/health/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/deliveries", true).permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; "
						+ "form-action 'self'; base-uri 'self'; object-src 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
			.build();
	}

	@Bean
	ConsoleUserRepository consoleUserRepository(JdbcClient jdbc) {
		return new ConsoleUserRepository(jdbc);
	}

	@Bean
	UserDetailsService consoleUsers(ConsoleUserRepository users) {
		return (email) -> users.findByEmail(email)
			.map((user) -> new ConsoleUser(user.email(), user.passwordHash(), user.role(), user.tenantId()))
			.orElseThrow(() -> new UsernameNotFoundException("No console user " + email));
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
