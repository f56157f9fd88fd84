/** The ingestion API for shops: POST /api/v1/events, authenticated by API key. */
package dev.herald.console.api;
