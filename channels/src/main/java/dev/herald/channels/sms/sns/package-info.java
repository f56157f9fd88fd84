/** SMS through Amazon SNS's Publish to a phone number, per tenant's region, keys and sender identity. */
package dev.herald.channels.sms.sns;
