/** Subscriptions: the rules that turn an event into deliveries. */
package dev.herald.db.subscription;
