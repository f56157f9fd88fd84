/**
 * The API for shops, authenticated by API key: events, providers, devices, settings, the SNS endpoint's allowed topics
 * and the SNS-compatible API's access keys.
 */
package dev.herald.console.api;
