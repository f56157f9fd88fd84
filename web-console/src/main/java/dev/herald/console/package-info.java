/** The local Herald server: ingestion API, delivery workers and the tenants' console in one application. */
package dev.herald.console;
