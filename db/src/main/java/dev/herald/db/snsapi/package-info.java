/** The SNS-compatible API's per-tenant access keys, topics and Herald subscriptions (tables sns_api_*). */
package dev.herald.db.snsapi;
