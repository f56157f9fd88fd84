package dev.herald.console.api;

import java.util.List;
import java.util.UUID;

import dev.herald.db.tenant.TenantId;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by one of a tenant's API keys. */
class TenantAuthentication extends AbstractAuthenticationToken {

	private final TenantId tenant;

	private final UUID keyId;

	TenantAuthentication(TenantId tenant, UUID keyId) {
		super(List.of(new SimpleGrantedAuthority("ROLE_API")));
		this.tenant = tenant;
		this.keyId = keyId;
		setAuthenticated(true);
	}

	TenantId tenant() {
		return this.tenant;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return this.keyId;
	}

}
