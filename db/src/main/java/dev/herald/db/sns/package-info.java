/** SNS topics a tenant allows, its SNS subscriptions as SNS reported them, and the SNS message ids already handled. */
package dev.herald.db.sns;
