package dev.herald.console.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.herald.channels.ChannelsProperties;
import dev.herald.db.provider.ProviderConfigRepository;
import dev.herald.db.provider.ProviderConfigRepository.ProviderConfig;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.functions.status.ProviderStatusManagement;
import dev.herald.functions.status.StatusReport;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/twilio/{tenant}} (the tenant's id or slug): Twilio's status callbacks. Each must carry the
 * {@code X-Twilio-Signature} Twilio makes with the auth token of the tenant's Twilio configuration, over the URL Twilio
 * was given: {@code herald.channels.public-base-url} and the request's path when set (behind a proxy the URL Herald
 * sees is not the one Twilio called), else the URL as received. Anything else is refused with 403 and changes
 * nothing; an unknown tenant, or one without Twilio, looks the same from outside.
 */
@RestController
class TwilioWebhookController {

	private static final Logger logger = LoggerFactory.getLogger(TwilioWebhookController.class);

	/** Twilio's callbacks are a few hundred bytes. */
	private static final int MAX_BODY_BYTES = 16 * 1024;

	private final TenantRepository tenants;

	private final ProviderConfigRepository providers;

	private final ProviderStatusManagement status;

	private final String publicBaseUrl;

	TwilioWebhookController(TenantRepository tenants, ProviderConfigRepository providers,
			ProviderStatusManagement status, ChannelsProperties channels) {
		this.tenants = tenants;
		this.providers = providers;
		this.status = status;
		String base = channels.publicBaseUrl();
		this.publicBaseUrl = (base != null && !base.isBlank()) ? base.strip().replaceAll("/+$", "") : null;
	}

	@PostMapping(path = "/webhooks/twilio/{tenant}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<?> statusCallback(@PathVariable String tenant, HttpServletRequest request) throws IOException {
		byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
		if (body.length > MAX_BODY_BYTES) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than a Twilio status callback can be");
		}
		List<Map.Entry<String, String>> parameters = parse(new String(body, StandardCharsets.UTF_8));
		Optional<Tenant> found = tenant(tenant);
		Optional<String> authToken = found.flatMap(this::authToken);
		String url = signedUrl(this.publicBaseUrl, request);
		if (authToken.isEmpty() || !TwilioSignature.verify(authToken.get(), url, parameters,
				request.getHeader("X-Twilio-Signature"))) {
			logger.warn("Refused a Twilio status callback for tenant '{}' at {}: {}", clean(tenant), url,
					(authToken.isEmpty()) ? "no such tenant with a Twilio auth token" : "the signature does not match");
			return problem(HttpStatus.FORBIDDEN, "the request is not signed by Twilio for this tenant");
		}
		Map<String, String> form = new LinkedHashMap<>();
		parameters.forEach((parameter) -> form.putIfAbsent(parameter.getKey(), parameter.getValue()));
		StatusReport report = this.status.applyTwilio(found.get().id(), form);
		if (report instanceof StatusReport.Invalid(String reason)) {
			return problem(HttpStatus.BAD_REQUEST, reason);
		}
		return ResponseEntity.noContent().build();
	}

	private Optional<Tenant> tenant(String tenant) {
		try {
			return this.tenants.find(dev.herald.db.tenant.TenantId.of(tenant));
		}
		catch (IllegalArgumentException ex) {
			return (tenant.length() <= 63) ? this.tenants.findBySlug(tenant) : Optional.empty();
		}
	}

	/** Twilio signs with the account's auth token, also when messages are sent with an API key. */
	private Optional<String> authToken(Tenant tenant) {
		for (ProviderConfig config : this.providers.list(tenant.id(), "sms")) {
			if (config.provider().equals("twilio")) {
				try {
					return Optional.ofNullable(this.providers.openSecrets(config).get("authToken"))
						.filter((token) -> !token.isBlank());
				}
				catch (RuntimeException ex) {
					logger.warn("Could not open the Twilio secrets of tenant {}: {}", tenant.id(),
							ex.getClass().getSimpleName());
					return Optional.empty();
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The URL Twilio signed: the one it was given, which is the public base URL and the path when Herald sits behind a
	 * proxy, else the URL as this server received it.
	 */
	static String signedUrl(String publicBaseUrl, HttpServletRequest request) {
		String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
		if (publicBaseUrl != null) {
			return publicBaseUrl + request.getRequestURI() + query;
		}
		return request.getRequestURL() + query;
	}

	/** The form as Twilio sent it, every parameter kept (the signature covers them all), in order. */
	static List<Map.Entry<String, String>> parse(String body) {
		List<Map.Entry<String, String>> parameters = new ArrayList<>();
		if (body.isEmpty()) {
			return parameters;
		}
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			try {
				parameters.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8),
						URLDecoder.decode(value, StandardCharsets.UTF_8)));
			}
			catch (IllegalArgumentException ex) {
				// A malformed escape: kept raw, so the signature simply does not match.
				parameters.add(Map.entry(name, value));
			}
		}
		return parameters;
	}

	private static String clean(String text) {
		String line = text.replaceAll("\\p{Cntrl}", "?");
		return (line.length() <= 80) ? line : line.substring(0, 80) + "…";
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(status.getReasonPhrase());
		problem.setType(URI.create("https://herald.dev/problems/webhook-refused"));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
