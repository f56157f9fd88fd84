/** The console's suppression list: the addresses the tenant no longer sends to, and removing them. */
package dev.herald.console.suppressions;
