/**
 * SNS subscription traffic into the server (tables sns_*): the topics a tenant allows, its SNS subscriptions as SNS
 * reported them, and the SNS message ids already handled; the SNS-compatible API's storage is in
 * {@code dev.herald.db.snsapi}.
 */
package dev.herald.db.sns;
