/** Small HTTP helpers the REST providers share. */
package dev.herald.channels.http;
