/** Each tenant's suppression list: addresses no longer sent to, with the reason, source and time. */
package dev.herald.db.suppression;
