package dev.herald.console.security;

import java.util.List;

import dev.herald.db.tenant.TenantId;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A signed-in console user; every page reads the tenant from here, never from the request. */
public class ConsoleUser extends User {

	private final TenantId tenant;

	ConsoleUser(String email, String passwordHash, String role, TenantId tenant) {
		super(email, passwordHash, List.of(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase())));
		this.tenant = tenant;
	}

	public TenantId tenant() {
		return this.tenant;
	}

}
