package dev.herald.channels.push.fcm;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.herald.channels.http.RetryAfter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OAuth2 access tokens for one service account (RFC 7523 JWT bearer grant, as Google's libraries do it). A token is
 * reused until shortly before it expires; one thread refreshes it while the others wait for the result, so a burst
 * of sends makes one token request.
 */
final class AccessTokens {

	static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

	static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	/** Google's libraries refresh this long before expiry too: a send never leaves with a token about to lapse. */
	static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

	/** What Google grants: an assertion may ask for at most an hour. */
	private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);

	/** After a failed refresh, sends fail fast for this long instead of each waiting on a broken token endpoint. */
	static final Duration FAILURE_PAUSE = Duration.ofSeconds(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Logger logger = LoggerFactory.getLogger(AccessTokens.class);

	private final ServiceAccount account;

	private final URI tokenUri;

	private final HttpClient http;

	private final Clock clock;

	private final Duration timeout;

	private final ReentrantLock refresh = new ReentrantLock();

	private volatile Token current;

	private volatile Failure lastFailure;

	AccessTokens(ServiceAccount account, URI tokenUri, HttpClient http, Clock clock, Duration timeout) {
		this.account = account;
		this.tokenUri = tokenUri;
		this.http = http;
		this.clock = clock;
		this.timeout = timeout;
	}

	/** A token good for at least a few more minutes, fetched only when the cached one is due for refresh. */
	String get() throws TokenUnavailableException {
		Token token = this.current;
		if (token != null && this.clock.instant().isBefore(token.refreshAt())) {
			return token.value();
		}
		this.refresh.lock();
		try {
			// Another thread may have refreshed it while this one waited.
			token = this.current;
			Instant now = this.clock.instant();
			if (token != null && now.isBefore(token.refreshAt())) {
				return token.value();
			}
			Failure failure = this.lastFailure;
			if (failure != null && now.isBefore(failure.until())) {
				return stillValidOr(token, now, failure.reason(), failure.retryAfter(now));
			}
			try {
				this.current = fetch(now);
				this.lastFailure = null;
				return this.current.value();
			}
			catch (TokenUnavailableException ex) {
				Instant retryAt = (ex.retryAfter() != null) ? now.plus(ex.retryAfter()) : null;
				Instant pausedUntil = now.plus(FAILURE_PAUSE);
				this.lastFailure = new Failure(ex.getMessage(),
						(retryAt != null && retryAt.isAfter(pausedUntil)) ? retryAt : pausedUntil, retryAt);
				logger.warn("No FCM access token for {}: {}", this.account.clientEmail(), ex.getMessage());
				return stillValidOr(token, now, ex.getMessage(), ex.retryAfter());
			}
		}
		finally {
			this.refresh.unlock();
		}
	}

	/** Forgets a token FCM refused (401), unless another thread has already replaced it. */
	void invalidate(String value) {
		this.refresh.lock();
		try {
			Token token = this.current;
			if (token != null && token.value().equals(value)) {
				this.current = null;
			}
		}
		finally {
			this.refresh.unlock();
		}
	}

	/** A token due for refresh still works until it expires: better than failing while Google's endpoint is down. */
	private static String stillValidOr(Token token, Instant now, String reason, Duration retryAfter)
			throws TokenUnavailableException {
		if (token != null && now.isBefore(token.expiresAt())) {
			return token.value();
		}
		throw new TokenUnavailableException(reason, retryAfter);
	}

	private Token fetch(Instant now) throws TokenUnavailableException {
		String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8) + "&assertion="
				+ URLEncoder.encode(assertion(now), StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(this.tokenUri)
			.timeout(this.timeout)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (HttpTimeoutException ex) {
			throw new TokenUnavailableException(
					"Google's token endpoint " + this.tokenUri + " did not answer within " + this.timeout, null);
		}
		catch (IOException ex) {
			throw new TokenUnavailableException("could not reach Google's token endpoint " + this.tokenUri + ": "
					+ FcmAnswers.describe(ex), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TokenUnavailableException("interrupted while fetching an FCM access token", null);
		}
		return token(response, now);
	}

	private Token token(HttpResponse<String> response, Instant requestedAt) throws TokenUnavailableException {
		int status = response.statusCode();
		JsonNode body = readJson(response.body());
		if (status == 200) {
			String value = body.path("access_token").stringValue(null);
			long expiresIn = body.path("expires_in").asLong(0);
			String type = body.path("token_type").stringValue("Bearer");
			if (value == null || value.isBlank() || expiresIn <= 0 || !type.equalsIgnoreCase("Bearer")) {
				throw new TokenUnavailableException(
						"Google's token endpoint answered 200 without a bearer access token and its lifetime", null);
			}
			Instant expiresAt = requestedAt.plusSeconds(expiresIn);
			// Short-lived tokens (never from Google itself) are refreshed half-way instead.
			Duration margin = (expiresIn > 2 * REFRESH_MARGIN.toSeconds()) ? REFRESH_MARGIN
					: Duration.ofSeconds(expiresIn / 2);
			return new Token(value, expiresAt.minus(margin), expiresAt);
		}
		String error = FcmAnswers.oneLine(body.path("error").stringValue(null));
		String description = FcmAnswers.oneLine(body.path("error_description").stringValue(null));
		String said = (description.isEmpty()) ? error : error + ": " + description;
		String answer = status + (error.isEmpty() ? "" : " " + said);
		Duration retryAfter = RetryAfter.of(response.headers(), this.clock);
		if (status == 400 || status == 401 || status == 403) {
			throw new TokenUnavailableException("Google refused the service account " + this.account.clientEmail()
					+ " at its token endpoint (" + answer + "): check the secret '"
					+ FcmChannelProvider.SERVICE_ACCOUNT_JSON
					+ "' (a deleted or disabled key, a deleted account) and the server's clock", retryAfter);
		}
		if (status == 429) {
			throw new TokenUnavailableException("Google's token endpoint is throttling (" + answer + ")", retryAfter);
		}
		if (status >= 500) {
			throw new TokenUnavailableException("Google's token endpoint failed (" + answer + ")", retryAfter);
		}
		throw new TokenUnavailableException("unexpected answer from Google's token endpoint (" + answer + ")",
				retryAfter);
	}

	private static JsonNode readJson(String body) {
		try {
			JsonNode node = JSON.readTree(body);
			return (node != null) ? node : JSON.missingNode();
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	/** The signed JWT Google exchanges for an access token. */
	private String assertion(Instant now) throws TokenUnavailableException {
		ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
		if (this.account.privateKeyId() != null) {
			header.put("kid", this.account.privateKeyId());
		}
		long issuedAt = now.getEpochSecond();
		ObjectNode claims = JSON.createObjectNode()
			.put("iss", this.account.clientEmail())
			.put("scope", SCOPE)
			.put("aud", this.tokenUri.toString())
			.put("iat", issuedAt)
			.put("exp", issuedAt + ASSERTION_LIFETIME.toSeconds());
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signingInput = base64.encodeToString(JSON.writeValueAsBytes(header)) + "."
				+ base64.encodeToString(JSON.writeValueAsBytes(claims));
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(this.account.privateKey());
			signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + base64.encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new TokenUnavailableException("could not sign the token request with the service account's key ("
					+ ex.getClass().getSimpleName() + ")", null);
		}
	}

	/** A token, when to refresh it, and when it stops working. */
	private record Token(String value, Instant refreshAt, Instant expiresAt) {

		@Override
		public String toString() {
			return "Token[refreshAt=" + this.refreshAt + "]";
		}

	}

	/** A failed refresh, remembered until {@code until}; {@code retryAt} is when the endpoint asked us to return. */
	private record Failure(String reason, Instant until, Instant retryAt) {

		/** The rest of the wait the token endpoint asked for, or {@code null} when it did not ask. */
		Duration retryAfter(Instant now) {
			if (this.retryAt == null) {
				return null;
			}
			Duration rest = Duration.between(now, this.retryAt);
			return rest.isNegative() ? Duration.ZERO : rest;
		}

	}

}
