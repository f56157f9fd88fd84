/** Deliveries (one per event, subscription, channel and recipient) and the attempts made for each. */
package dev.herald.db.delivery;
