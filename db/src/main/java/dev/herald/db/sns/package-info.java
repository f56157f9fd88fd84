/** The SNS-compatible API's per-tenant access keys, topics and Herald subscriptions. */
package dev.herald.db.sns;
