/** The API for shops, authenticated by API key: events, providers, devices, settings and SNS access keys. */
package dev.herald.console.api;
