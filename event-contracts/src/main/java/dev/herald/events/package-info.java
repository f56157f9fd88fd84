/** The events shops publish: CloudEvents envelope, types, schemas, samples and validation. */
package dev.herald.events;
