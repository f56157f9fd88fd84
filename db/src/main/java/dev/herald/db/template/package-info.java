/** Notification templates with their versions, looked up with locale fallback. */
package dev.herald.db.template;
