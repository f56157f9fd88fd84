/** Console users and their roles within a tenant. */
package dev.herald.db.user;
