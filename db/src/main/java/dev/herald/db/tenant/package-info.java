/** Tenants: the shops using Herald, each with its own defaults. */
package dev.herald.db.tenant;
