package dev.herald.console.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.herald.console.ServerProperties;
import dev.herald.db.status.StatusEventRepository;
import dev.herald.db.status.StatusEventRepository.StatusEvent;
import dev.herald.functions.status.ProviderStatusManagement;
import dev.herald.functions.status.StatusReport;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/provider-events/ses}: one SES event publishing record (the JSON SES puts in the {@code Message}
 * of its SNS notification), for the calling tenant. 202 whether it was applied, a repeat, or matched no delivery (kept
 * as unmatched with the reason: a sender that retries must not retry forever); 400 when it is not an SES event.
 * {@code GET /api/v1/provider-events/unmatched} lists the tenant's most recent unmatched events.
 */
@RestController
class ProviderEventsController {

	private final ProviderStatusManagement status;

	private final StatusEventRepository statusEvents;

	private final int maxBodyBytes;

	ProviderEventsController(ProviderStatusManagement status, StatusEventRepository statusEvents,
			ServerProperties properties) {
		this.status = status;
		this.statusEvents = statusEvents;
		this.maxBodyBytes = properties.api().maxBodyBytes();
	}

	@PostMapping("/api/v1/provider-events/ses")
	ResponseEntity<?> ses(HttpServletRequest request) throws IOException {
		TenantAuthentication auth = (TenantAuthentication) SecurityContextHolder.getContext().getAuthentication();
		byte[] body = request.getInputStream().readNBytes(this.maxBodyBytes + 1);
		if (body.length > this.maxBodyBytes) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, "Event too large",
					"the body is larger than " + this.maxBodyBytes + " bytes");
		}
		StatusReport report = this.status.applySes(auth.tenant(), new String(body, StandardCharsets.UTF_8));
		if (report instanceof StatusReport.Invalid(String reason)) {
			return problem(HttpStatus.BAD_REQUEST, "Invalid provider event", reason);
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer(report));
	}

	@GetMapping("/api/v1/provider-events/unmatched")
	List<Unmatched> unmatched() {
		TenantAuthentication auth = (TenantAuthentication) SecurityContextHolder.getContext().getAuthentication();
		return this.statusEvents.unmatched(auth.tenant(), 200).stream().map(Unmatched::of).toList();
	}

	/** A provider event that matched no delivery, with the reason. */
	record Unmatched(String provider, String providerMessageId, String status, Instant occurredAt, Instant receivedAt,
			String recipient, String detail, String reason) {

		static Unmatched of(StatusEvent event) {
			return new Unmatched(event.provider(), event.providerMessageId(), event.status().id(), event.occurredAt(),
					event.receivedAt(), event.recipient(), event.detail(), event.unmatchedReason());
		}

	}

	/** The report as JSON: {@code status} is applied, duplicate, unmatched or ignored. */
	static Map<String, Object> answer(StatusReport report) {
		Map<String, Object> answer = new LinkedHashMap<>();
		switch (report) {
			case StatusReport.Applied applied -> {
				answer.put("status", "applied");
				answer.put("deliveryId", applied.deliveryId());
				answer.put("deliveryStatus", applied.status().id());
				answer.put("outcomeChanged", applied.outcomeChanged());
				answer.put("suppressed", applied.suppressed());
			}
			case StatusReport.Duplicate duplicate -> {
				answer.put("status", "duplicate");
				answer.put("deliveryId", duplicate.deliveryId());
			}
			case StatusReport.Unmatched unmatched -> {
				answer.put("status", "unmatched");
				answer.put("reason", unmatched.reason());
			}
			case StatusReport.Ignored ignored -> {
				answer.put("status", "ignored");
				answer.put("reason", ignored.reason());
			}
			case StatusReport.Invalid invalid -> {
				answer.put("status", "invalid");
				answer.put("reason", invalid.reason());
			}
		}
		return answer;
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("https://herald.dev/problems/" + title.toLowerCase().replace(' ', '-')));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
