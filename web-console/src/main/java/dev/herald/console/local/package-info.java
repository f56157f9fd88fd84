/** Local defaults: an embedded PostgreSQL and a development SMTP server when none is configured. */
package dev.herald.console.local;
