package dev.herald.functions.ingest;

import java.util.Objects;

import dev.herald.db.tenant.TenantId;

/**
 * A body a shop submitted, with the tenant its credentials belong to.
 *
 * @param receivedVia how it arrived, e.g. {@code api} or {@code sns}
 * @param contentType the declared content type, may be {@code null}
 */
public record IngestRequest(TenantId tenant, String body, String receivedVia, String contentType) {

	public IngestRequest {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(body, "body");
		Objects.requireNonNull(receivedVia, "receivedVia");
	}

}
