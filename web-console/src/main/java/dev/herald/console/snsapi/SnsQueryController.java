package dev.herald.console.snsapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.herald.console.snsapi.SigV4Verifier.SignedRequest;
import dev.herald.console.snsapi.SigV4Verifier.Verified;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SNS query API at {@code herald.server.sns-api.path}: a form-encoded {@code Action=…} request, SigV4-signed with
 * one of the tenant's SNS access keys, answered in SNS's XML. The signature is checked before anything in the request
 * is acted on.
 */
@RestController
@ConditionalOnBooleanProperty(name = "herald.server.sns-api.enabled", matchIfMissing = true)
class SnsQueryController {

	/** Room for a full batch of 256 KiB, form-encoded (which can triple it), and its parameters. */
	static final int MAX_REQUEST_BYTES = 4 * SnsActions.MAX_MESSAGE_BYTES;

	private static final Logger logger = LoggerFactory.getLogger(SnsQueryController.class);

	private static final MediaType XML = MediaType.valueOf("text/xml;charset=UTF-8");

	private final SigV4Verifier verifier;

	private final SnsActions actions;

	SnsQueryController(SigV4Verifier verifier, SnsActions actions) {
		this.verifier = verifier;
		this.actions = actions;
	}

	@PostMapping("${herald.server.sns-api.path:/}")
	ResponseEntity<String> handle(HttpServletRequest request) throws IOException {
		String requestId = UUID.randomUUID().toString();
		String action = null;
		try {
			byte[] body = request.getInputStream().readNBytes(MAX_REQUEST_BYTES + 1);
			if (body.length > MAX_REQUEST_BYTES) {
				throw SnsError.invalidParameter("Invalid parameter: the request is larger than " + MAX_REQUEST_BYTES
						+ " bytes");
			}
			Verified caller = this.verifier.verify(new SignedRequest(request.getMethod(), request.getRequestURI(),
					request.getQueryString(), headers(request), body));
			String contentType = request.getContentType();
			if (contentType == null || !contentType.toLowerCase(Locale.ROOT)
				.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
				throw SnsError.invalidParameter("Invalid parameter: the request must be form-encoded "
						+ "(application/x-www-form-urlencoded) as the AWS query protocol is");
			}
			QueryParameters parameters = QueryParameters.parse(request.getQueryString(),
					new String(body, StandardCharsets.UTF_8));
			action = parameters.required("Action");
			String result = this.actions.handle(action, caller, parameters);
			return answer(200, requestId, SnsXml.response(action, result, requestId));
		}
		catch (SnsError ex) {
			if (ex.status() == 403) {
				// Who tried and why, never the Authorization header or anything of the secret.
				logger.warn("SNS API request {} from {} refused: {} {}", requestId, request.getRemoteAddr(),
						ex.code(), ex.getMessage());
			}
			else {
				logger.debug("SNS API request {} ({}) answered {}: {}", requestId, action, ex.code(), ex.getMessage());
			}
			return answer(ex.status(), requestId, SnsXml.error(ex, requestId));
		}
		catch (RuntimeException ex) {
			logger.error("SNS API request {} ({}) failed", requestId, action, ex);
			return answer(500, requestId, SnsXml.error(SnsError.internal("The request could not be processed; "
					+ "send it again."), requestId));
		}
	}

	private static Map<String, List<String>> headers(HttpServletRequest request) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), (key) -> new ArrayList<>())
				.addAll(Collections.list(request.getHeaders(name)));
		}
		return headers;
	}

	private static ResponseEntity<String> answer(int status, String requestId, String xml) {
		return ResponseEntity.status(status).contentType(XML).header("x-amzn-RequestId", requestId).body(xml);
	}

}
