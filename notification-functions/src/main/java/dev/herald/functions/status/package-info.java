/** Provider status events (SES, Twilio, push answers) applied to deliveries, and the suppressions they lead to. */
package dev.herald.functions.status;
