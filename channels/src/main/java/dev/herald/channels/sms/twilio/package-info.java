/** SMS through Twilio's Messages REST API, with Twilio's error codes mapped to delivery results. */
package dev.herald.channels.sms.twilio;
