/** Development SMS and push providers that keep messages in an in-memory outbox instead of sending them. */
package dev.herald.channels.local;
