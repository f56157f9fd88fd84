/** The endpoint a tenant subscribes to its SNS topics: confirmations, verified notifications, raw deliveries. */
package dev.herald.console.sns;
