/** Routing across a tenant's ordered providers: failover, circuit breakers and sending-rate limits. */
package dev.herald.channels.routing;
