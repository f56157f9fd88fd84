/** Encryption at rest for credentials: AES-GCM with a key from configuration. */
package dev.herald.db.secret;
