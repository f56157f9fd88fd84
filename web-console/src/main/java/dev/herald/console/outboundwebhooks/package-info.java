/**
 * Outbound webhooks from the server: the loop that sends the webhook outbox with notification-functions'
 * {@code dev.herald.functions.webhooks}, as the Lambda deployment's {@code sendWebhooks} function does.
 */
package dev.herald.console.outboundwebhooks;
