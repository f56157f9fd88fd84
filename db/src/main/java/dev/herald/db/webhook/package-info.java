/** Tenants' outbound webhook endpoints, the outbox of status messages to them, and each message's attempts. */
package dev.herald.db.webhook;
