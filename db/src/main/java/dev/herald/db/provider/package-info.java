/** Tenants' provider configurations per channel, in failover order, with sealed credentials. */
package dev.herald.db.provider;
