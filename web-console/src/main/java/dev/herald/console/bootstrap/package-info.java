/** First start: the demo tenant with its API key, owner login, sample templates and subscriptions. */
package dev.herald.console.bootstrap;
