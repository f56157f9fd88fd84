/** SMS text rules shared by every SMS provider: how the network counts a text, and how long a tenant lets it be. */
package dev.herald.channels.sms;
