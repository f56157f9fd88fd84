package dev.herald.events;

/**
 * One thing wrong with a submitted event.
 *
 * @param path JSON path of the offending value, e.g. {@code $.data.customer.email}
 * @param message what is wrong, in words a shop's developer understands
 */
public record Problem(String path, String message) {
}
