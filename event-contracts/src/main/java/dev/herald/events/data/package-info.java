/** The data of each event type as records, and the way between them and a {@link dev.herald.events.CloudEvent}. */
package dev.herald.events.data;
