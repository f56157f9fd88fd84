package dev.herald.functions.sns;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The real HTTPS client for SNS: one GET over TLS with the host name verified (plain http only for what is
 * checked by its own signature, Amazon's CA certificates), HTTP/1.1 with
 * {@code Connection: close}, no redirects, connect and read timeouts, an overall deadline, and size limits on headers
 * and body. Small and explicit on purpose: where the connection goes is decided by a {@link Resolver} (DNS in
 * production; a local server in tests), while TLS still checks the certificate against the URL's own host.
 */
public class HttpsSnsFetcher implements SnsFetcher {

	private static final int MAX_LINE = 8 * 1024;

	private static final int MAX_HEADERS = 100;

	private final SSLContext tls;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Resolver resolver;

	public HttpsSnsFetcher(SSLContext tls, Duration connectTimeout, Duration readTimeout, Resolver resolver) {
		this.tls = tls;
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
		this.resolver = resolver;
	}

	/** With the JDK's TLS trust store and DNS. */
	public static HttpsSnsFetcher withSystemDefaults(Duration connectTimeout, Duration readTimeout) {
		try {
			return new HttpsSnsFetcher(SSLContext.getDefault(), connectTimeout, readTimeout,
					(host, port) -> new InetSocketAddress(host, port));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK has no default TLS context", ex);
		}
	}

	@Override
	public byte[] get(URI uri, int maxBytes) throws SnsFetchException {
		boolean secure = "https".equalsIgnoreCase(uri.getScheme());
		if (!(secure || "http".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
			throw new SnsFetchException("only http(s) URLs with a host are fetched");
		}
		String host = uri.getHost();
		int port = (uri.getPort() != -1) ? uri.getPort() : (secure ? 443 : 80);
		String target = ((uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath())
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Herald\r\nAccept: */*\r\n"
				+ "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		long deadline = System.nanoTime() + this.connectTimeout.plus(this.readTimeout).toNanos();
		try (Socket raw = new Socket()) {
			raw.connect(this.resolver.resolve(host, port), (int) this.connectTimeout.toMillis());
			raw.setSoTimeout((int) this.readTimeout.toMillis());
			if (!secure) {
				// Only for Amazon's CA certificates, which are published over http and checked by their signatures.
				raw.getOutputStream().write(request);
				raw.getOutputStream().flush();
				return readResponse(new BufferedInputStream(raw.getInputStream()), maxBytes, deadline);
			}
			try (SSLSocket socket = (SSLSocket) this.tls.getSocketFactory().createSocket(raw, host, port, true)) {
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				parameters.setServerNames(List.of(new SNIHostName(host)));
				socket.setSSLParameters(parameters);
				socket.startHandshake();
				OutputStream out = socket.getOutputStream();
				out.write(request);
				out.flush();
				return readResponse(new BufferedInputStream(socket.getInputStream()), maxBytes, deadline);
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new SnsFetchException("fetching from " + host + " failed: " + ex.getMessage(), ex);
		}
	}

	private static byte[] readResponse(InputStream in, int maxBytes, long deadline)
			throws IOException, SnsFetchException {
		String status = readLine(in, deadline);
		String[] parts = status.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
			throw new SnsFetchException("not an HTTP/1.x answer");
		}
		if (!parts[1].equals("200")) {
			throw new SnsFetchException("answered HTTP " + parts[1] + " (redirects are not followed)");
		}
		long contentLength = -1;
		boolean chunked = false;
		for (int i = 0;; i++) {
			if (i > MAX_HEADERS) {
				throw new SnsFetchException("too many headers");
			}
			String header = readLine(in, deadline);
			if (header.isEmpty()) {
				break;
			}
			int colon = header.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).strip();
			if (name.equals("content-length")) {
				try {
					contentLength = Long.parseLong(value);
				}
				catch (NumberFormatException ex) {
					throw new SnsFetchException("a Content-Length that is not a number");
				}
			}
			else if (name.equals("transfer-encoding")) {
				chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			while (true) {
				String sizeLine = readLine(in, deadline);
				int semicolon = sizeLine.indexOf(';');
				long size;
				try {
					size = Long.parseLong(((semicolon < 0) ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
				}
				catch (NumberFormatException ex) {
					throw new SnsFetchException("a malformed chunk");
				}
				if (size == 0) {
					break;
				}
				if (size < 0 || body.size() + size > maxBytes) {
					throw new SnsFetchException("the answer is larger than " + maxBytes + " bytes");
				}
				copy(in, body, size, deadline);
				readLine(in, deadline);
			}
		}
		else if (contentLength >= 0) {
			if (contentLength > maxBytes) {
				throw new SnsFetchException("the answer is larger than " + maxBytes + " bytes");
			}
			copy(in, body, contentLength, deadline);
		}
		else {
			byte[] buffer = new byte[4096];
			int read;
			while ((read = in.read(buffer)) != -1) {
				checkDeadline(deadline);
				body.write(buffer, 0, read);
				if (body.size() > maxBytes) {
					throw new SnsFetchException("the answer is larger than " + maxBytes + " bytes");
				}
			}
		}
		return body.toByteArray();
	}

	private static void copy(InputStream in, ByteArrayOutputStream body, long count, long deadline)
			throws IOException, SnsFetchException {
		byte[] buffer = new byte[4096];
		long left = count;
		while (left > 0) {
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (read == -1) {
				throw new SnsFetchException("the answer ended early");
			}
			checkDeadline(deadline);
			body.write(buffer, 0, read);
			left -= read;
		}
	}

	private static String readLine(InputStream in, long deadline) throws IOException, SnsFetchException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int next = in.read();
			if (next == -1) {
				throw new SnsFetchException("the answer ended early");
			}
			if (next == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) next);
			if (line.length() > MAX_LINE) {
				throw new SnsFetchException("a header line is too long");
			}
			if ((line.length() & 255) == 0) {
				checkDeadline(deadline);
			}
		}
	}

	private static void checkDeadline(long deadline) throws SnsFetchException {
		if (System.nanoTime() > deadline) {
			throw new SnsFetchException("the answer took too long");
		}
	}

	/** Where to connect for a host and port: DNS in production. */
	@FunctionalInterface
	public interface Resolver {

		InetSocketAddress resolve(String host, int port) throws IOException;

	}

}
