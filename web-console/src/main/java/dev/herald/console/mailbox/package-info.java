/** The development mailbox: what the embedded SMTP server received, in local mode only. */
package dev.herald.console.mailbox;
