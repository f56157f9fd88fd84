/**
 * Outbound webhooks: delivery status messages signed per the Standard Webhooks spec and sent from the outbox to
 * tenants' endpoints, retried with backoff, every try logged; used by the server's loop and the Lambda function.
 */
package dev.herald.functions.webhooks;
