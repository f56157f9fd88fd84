package dev.herald.db.tenant;

/**
 * A customer of Herald: one shop, with its defaults.
 *
 * @param defaultLocale locale used when a recipient's has no template
 * @param timeZone the tenant's default time zone
 * @param maxAttempts delivery attempts before a delivery is dead-lettered
 * @param smsMaxSegments the most SMS parts one message may take
 * @param smsOverflow what to do with a longer SMS: {@code refuse} or {@code truncate}
 */
public record Tenant(TenantId id, String slug, String name, String defaultLocale, String timeZone, int maxAttempts,
		int smsMaxSegments, String smsOverflow) {
}
