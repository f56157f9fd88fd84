/** Each tenant's channels: its configured providers in failover order, or the instance's defaults. */
package dev.herald.functions.delivery.routing;
