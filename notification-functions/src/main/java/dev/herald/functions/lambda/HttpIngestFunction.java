package dev.herald.functions.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.event.RejectedEventRepository;
import dev.herald.db.event.RejectedEventRepository.Reason;
import dev.herald.db.tenant.TenantId;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.ingest.IngestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ingestHttp} function behind an API Gateway HTTP API (payload format 2.0), with the local API's contract
 * for {@code POST /api/v1/events}: {@code Authorization: Bearer <key>} checked against the stored SHA-256; 202 with
 * the deliveries created, 200 for a duplicate, 400 with every problem, 401 without a valid key, 413 above the body
 * limit, 415 for a content type other than JSON; 405 for other methods, and 204 for a CORS preflight. Every answer
 * carries the CORS headers (keys are bearer tokens, not cookies, so any origin may call with one).
 */
public class HttpIngestFunction implements Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String VIA = "api";

	private final IngestFunction ingest;

	private final ApiKeyRepository apiKeys;

	private final RejectedEventRepository rejectedEvents;

	private final String allowedOrigin;

	private final int maxBodyBytes;

	public HttpIngestFunction(IngestFunction ingest, ApiKeyRepository apiKeys, RejectedEventRepository rejectedEvents,
			String allowedOrigin, int maxBodyBytes) {
		this.ingest = ingest;
		this.apiKeys = apiKeys;
		this.rejectedEvents = rejectedEvents;
		this.allowedOrigin = allowedOrigin;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
		Map<String, String> headers = lowerCase(event.getHeaders());
		String method = method(event);
		if ("OPTIONS".equals(method)) {
			Map<String, String> preflight = cors();
			preflight.put("Access-Control-Allow-Methods", "POST, OPTIONS");
			preflight.put("Access-Control-Allow-Headers", "Authorization, Content-Type");
			preflight.put("Access-Control-Max-Age", "600");
			return answer(204, preflight, null);
		}
		if (!"POST".equals(method)) {
			Map<String, String> allow = cors();
			allow.put("Allow", "POST, OPTIONS");
			return problem(405, allow, "Method not allowed", "only POST is accepted here, not " + method, Map.of());
		}
		Optional<TenantId> tenant = authenticate(headers.get("authorization"));
		if (tenant.isEmpty()) {
			Map<String, String> challenge = cors();
			challenge.put("WWW-Authenticate", "Bearer");
			return problem(401, challenge, "Unauthorized", "a valid API key is required: Authorization: Bearer <key>",
					Map.of());
		}
		byte[] body = body(event);
		String contentType = headers.get("content-type");
		if (body.length > this.maxBodyBytes) {
			String reason = "the body is larger than " + this.maxBodyBytes + " bytes";
			UUID id = this.rejectedEvents.save(tenant.get(), VIA, contentType,
					new String(body, 0, this.maxBodyBytes, StandardCharsets.UTF_8), true, List.of(new Reason("$", reason)));
			return problem(413, cors(), "Event too large", reason, Map.of("rejectionId", id));
		}
		String text = new String(body, StandardCharsets.UTF_8);
		if (contentType != null && !isJson(contentType)) {
			String reason = "the content type must be application/json or application/cloudevents+json, not "
					+ contentType;
			UUID id = this.rejectedEvents.save(tenant.get(), VIA, contentType, text, false,
					List.of(new Reason("$", reason)));
			return problem(415, cors(), "Unsupported content type", reason, Map.of("rejectionId", id));
		}
		return switch (this.ingest.apply(new IngestRequest(tenant.get(), text, VIA, contentType))) {
			case IngestResult.Accepted accepted -> json(202, new Answer(accepted.eventId(), "accepted",
					accepted.deliveries()));
			case IngestResult.Duplicate duplicate -> json(200, new Answer(duplicate.eventId(), "duplicate", 0));
			case IngestResult.Rejected rejected -> problem(400, cors(), "Invalid event",
					rejected.problems().size() + " problem(s) with the event; see 'errors'",
					Map.of("rejectionId", rejected.rejectionId(), "errors", rejected.problems()));
		};
	}

	private Optional<TenantId> authenticate(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Optional.empty();
		}
		String key = authorization.substring(7).strip();
		if (key.isEmpty() || key.length() > 200) {
			return Optional.empty();
		}
		return this.apiKeys.findActiveByHash(ApiKeyRepository.hashOf(key)).map(ApiKeyRepository.ApiKey::tenantId);
	}

	private static String method(APIGatewayV2HTTPEvent event) {
		if (event.getRequestContext() == null || event.getRequestContext().getHttp() == null
				|| event.getRequestContext().getHttp().getMethod() == null) {
			return "";
		}
		return event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
	}

	private static byte[] body(APIGatewayV2HTTPEvent event) {
		if (event.getBody() == null) {
			return new byte[0];
		}
		if (event.getIsBase64Encoded()) {
			try {
				return Base64.getDecoder().decode(event.getBody());
			}
			catch (IllegalArgumentException ex) {
				// Not base64 after all: validate what was sent, which then fails as an event with its reason.
				return event.getBody().getBytes(StandardCharsets.UTF_8);
			}
		}
		return event.getBody().getBytes(StandardCharsets.UTF_8);
	}

	private static boolean isJson(String contentType) {
		String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return type.equals("application/json") || type.equals("application/cloudevents+json")
				|| (type.startsWith("application/") && type.endsWith("+json"));
	}

	/** API Gateway passes header names in lower case (HTTP/2); a hand-made event may not. */
	private static Map<String, String> lowerCase(Map<String, String> headers) {
		Map<String, String> lower = new LinkedHashMap<>();
		if (headers != null) {
			headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
		}
		return lower;
	}

	private Map<String, String> cors() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Access-Control-Allow-Origin", this.allowedOrigin);
		headers.put("Vary", "Origin");
		return headers;
	}

	private APIGatewayV2HTTPResponse json(int status, Object body) {
		Map<String, String> headers = cors();
		headers.put("Content-Type", "application/json");
		return answer(status, headers, JSON.writeValueAsString(body));
	}

	private static APIGatewayV2HTTPResponse problem(int status, Map<String, String> headers, String title,
			String detail, Map<String, Object> properties) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "https://herald.dev/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.putAll(properties);
		headers.put("Content-Type", "application/problem+json");
		return answer(status, headers, JSON.writeValueAsString(problem));
	}

	private static APIGatewayV2HTTPResponse answer(int status, Map<String, String> headers, String body) {
		APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
		response.setStatusCode(status);
		response.setHeaders(headers);
		response.setBody(body);
		response.setIsBase64Encoded(false);
		return response;
	}

	/** The answer to an accepted or duplicate event, as the local API gives it. */
	record Answer(String eventId, String status, int deliveries) {
	}

}
