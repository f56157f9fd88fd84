/** Herald's PostgreSQL schema (Flyway migrations) and the tenant-scoped repositories over it. */
package dev.herald.db;
