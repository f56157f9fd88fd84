package dev.herald.functions.sns;

import java.net.URI;

/**
 * Fetches a URL that {@link SnsUrls} already allowed: the signing certificate, or a SubscribeURL. A port, so tests can
 * point the real HTTPS client at a local server standing in for SNS and record every attempt.
 */
public interface SnsFetcher {

	/**
	 * The body of a {@code 200} answer to a GET; no redirect is followed.
	 *
	 * @throws SnsFetchException on any other answer, a body over {@code maxBytes}, a timeout or a TLS failure
	 */
	byte[] get(URI uri, int maxBytes) throws SnsFetchException;

}
