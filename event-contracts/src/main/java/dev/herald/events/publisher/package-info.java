/**
 * The publisher SDK shops add to their backend: typed event builders, and {@link EventPublisher} sending to
 * Herald's API over HTTP or to SNS, with a Spring Boot auto-configuration when Spring Boot is present.
 */
package dev.herald.events.publisher;
