/** Herald's functions, {@code ingest} and {@code deliver}, and their wiring; Lambda or server is only packaging. */
package dev.herald.functions;
