/** Ingestion: validate an event, store it once, and fan it out into deliveries in one transaction. */
package dev.herald.functions.ingest;
