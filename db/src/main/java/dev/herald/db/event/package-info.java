/** Accepted events (idempotent per tenant and event id) and rejected ones with their reasons. */
package dev.herald.db.event;
