package dev.herald.console.api;

import java.io.IOException;

import dev.herald.db.apikey.ApiKeyRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code Authorization: Bearer <key>} against the stored key hashes. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private final ApiKeyRepository apiKeys;

	ApiKeyAuthenticationFilter(ApiKeyRepository apiKeys) {
		this.apiKeys = apiKeys;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String key = header.substring(7).strip();
			if (!key.isEmpty() && key.length() <= 200) {
				this.apiKeys.findActiveByHash(ApiKeys.hash(key))
					.ifPresent((found) -> SecurityContextHolder.getContext()
						.setAuthentication(new TenantAuthentication(found.tenantId(), found.id())));
			}
		}
		chain.doFilter(request, response);
	}

}
