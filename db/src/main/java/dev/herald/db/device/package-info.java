/** Push devices registered per recipient. */
package dev.herald.db.device;
