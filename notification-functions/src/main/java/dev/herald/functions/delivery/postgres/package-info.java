/** The PostgreSQL delivery queue: the deliveries table itself, claimed with FOR UPDATE SKIP LOCKED under a lease. */
package dev.herald.functions.delivery.postgres;
