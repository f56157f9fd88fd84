/** The channel port: how rendered messages leave Herald, and what providers answer. */
package dev.herald.channels;
