/** The development outbox: SMS and push notifications the local providers kept, in local mode only. */
package dev.herald.console.outbox;
