/** Provider webhooks: Twilio's status callbacks, signature-verified per tenant, applied to deliveries. */
package dev.herald.console.webhooks;
