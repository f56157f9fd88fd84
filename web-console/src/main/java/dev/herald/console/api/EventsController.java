package dev.herald.console.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.herald.console.ServerProperties;
import dev.herald.db.event.RejectedEventRepository;
import dev.herald.db.event.RejectedEventRepository.Reason;
import dev.herald.functions.ingest.IngestFunction;
import dev.herald.functions.ingest.IngestRequest;
import dev.herald.functions.ingest.IngestResult;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/events}: a shop submits one CloudEvent. 202 with the number of deliveries created; 200 with
 * {@code duplicate} for an event id this tenant already sent; 400 with every problem; 413 above the body limit.
 * Whatever is refused is kept with its reason.
 */
@RestController
class EventsController {

	private static final String VIA = "api";

	private final IngestFunction ingest;

	private final RejectedEventRepository rejectedEvents;

	private final int maxBodyBytes;

	EventsController(IngestFunction ingest, RejectedEventRepository rejectedEvents, ServerProperties properties) {
		this.ingest = ingest;
		this.rejectedEvents = rejectedEvents;
		this.maxBodyBytes = properties.api().maxBodyBytes();
	}

	@PostMapping("/api/v1/events")
	ResponseEntity<?> post(HttpServletRequest request) throws IOException {
		TenantAuthentication auth = (TenantAuthentication) SecurityContextHolder.getContext().getAuthentication();
		String contentType = request.getContentType();
		byte[] body = readAtMost(request.getInputStream(), this.maxBodyBytes + 1);
		if (body.length > this.maxBodyBytes || request.getContentLengthLong() > this.maxBodyBytes) {
			String reason = "the body is larger than " + this.maxBodyBytes + " bytes";
			var id = this.rejectedEvents.save(auth.tenant(), VIA, contentType,
					new String(body, 0, Math.min(body.length, this.maxBodyBytes), StandardCharsets.UTF_8), true,
					List.of(new Reason("$", reason)));
			return problem(HttpStatus.CONTENT_TOO_LARGE, "Event too large", reason, Map.of("rejectionId", id));
		}
		String text = new String(body, StandardCharsets.UTF_8);
		if (contentType != null && !isJson(contentType)) {
			String reason = "the content type must be application/json or application/cloudevents+json, not "
					+ contentType;
			var id = this.rejectedEvents.save(auth.tenant(), VIA, contentType, text, false,
					List.of(new Reason("$", reason)));
			return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type", reason,
					Map.of("rejectionId", id));
		}
		IngestResult result = this.ingest.apply(new IngestRequest(auth.tenant(), text, VIA, contentType));
		return switch (result) {
			case IngestResult.Accepted accepted -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.body(new Answer(accepted.eventId(), "accepted", accepted.deliveries()));
			case IngestResult.Duplicate duplicate ->
				ResponseEntity.ok(new Answer(duplicate.eventId(), "duplicate", 0));
			case IngestResult.Rejected rejected -> problem(HttpStatus.BAD_REQUEST, "Invalid event",
					rejected.problems().size() + " problem(s) with the event; see 'errors'",
					Map.of("rejectionId", rejected.rejectionId(), "errors", rejected.problems()));
		};
	}

	private static boolean isJson(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isCompatibleWith(MediaType.APPLICATION_JSON)
					|| type.isCompatibleWith(MediaType.valueOf("application/cloudevents+json"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static byte[] readAtMost(InputStream in, int limit) throws IOException {
		return in.readNBytes(limit);
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
			Map<String, Object> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("https://herald.dev/problems/" + title.toLowerCase().replace(' ', '-')));
		properties.forEach(problem::setProperty);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** The answer to an accepted or duplicate event. */
	record Answer(String eventId, String status, int deliveries) {
	}

}
