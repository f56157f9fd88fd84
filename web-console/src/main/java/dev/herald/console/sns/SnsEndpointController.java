package dev.herald.console.sns;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import dev.herald.console.ServerProperties;
import dev.herald.db.apikey.ApiKeyRepository;
import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.functions.ingest.IngestResult;
import dev.herald.functions.status.StatusReport;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /sns/{tenant}} (prefix {@code herald.server.sns.path}): the HTTPS endpoint a tenant subscribes to its
 * SNS topics. Signed messages must be SNS's for a topic the tenant allowed (else 403 with the reason). Raw message
 * delivery ({@code x-amz-sns-rawdelivery: true}) carries no signature, so it must come with HTTP basic credentials
 * whose password is one of the tenant's API keys (else 401 or 403): SNS sends those when the subscription's URL
 * holds them, {@code https://sns:<api key>@herald.example/sns/<tenant>}.
 */
@RestController
@ConditionalOnProperty(prefix = "herald.server.sns", name = "enabled", havingValue = "true", matchIfMissing = true)
class SnsEndpointController {

	private final SnsTrafficManagement traffic;

	private final TenantRepository tenants;

	private final ApiKeyRepository apiKeys;

	private final int maxBodyBytes;

	SnsEndpointController(SnsTrafficManagement traffic, TenantRepository tenants, ApiKeyRepository apiKeys,
			ServerProperties properties) {
		this.traffic = traffic;
		this.tenants = tenants;
		this.apiKeys = apiKeys;
		this.maxBodyBytes = properties.sns().maxBodyBytes();
	}

	@PostMapping("${herald.server.sns.path:/sns}/{tenant}")
	ResponseEntity<?> receive(@PathVariable String tenant, HttpServletRequest request) throws IOException {
		Optional<Tenant> found = tenant.matches("[a-z0-9][a-z0-9-]{1,62}") ? this.tenants.findBySlug(tenant)
				: Optional.empty();
		if (found.isEmpty()) {
			return problem(HttpStatus.NOT_FOUND, "Unknown tenant", "No tenant '" + tenant + "'");
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBodyBytes + 1);
		if (body.length > this.maxBodyBytes) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, "SNS request too large",
					"the body is larger than " + this.maxBodyBytes + " bytes");
		}
		String text = new String(body, StandardCharsets.UTF_8);
		SnsOutcome outcome;
		if ("true".equalsIgnoreCase(request.getHeader("x-amz-sns-rawdelivery"))) {
			Optional<SnsOutcome> refused = checkCredentials(found.get(), request.getHeader(HttpHeaders.AUTHORIZATION));
			outcome = refused.orElseGet(() -> this.traffic.receiveRaw(found.get(),
					request.getHeader("x-amz-sns-topic-arn"), request.getHeader("x-amz-sns-message-id"), text));
		}
		else {
			outcome = this.traffic.receiveSigned(found.get(), text);
		}
		return answer(outcome);
	}

	/** Raw deliveries are proven by the tenant's API key as the basic-auth password; the user name is free. */
	private Optional<SnsOutcome> checkCredentials(Tenant tenant, String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return Optional.of(new SnsOutcome.Refused(401, "raw message delivery is not signed: subscribe with "
					+ "https://<user>:<API key>@<host>/sns/" + tenant.slug() + " so SNS sends credentials"));
		}
		String password;
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			password = (colon < 0) ? "" : decoded.substring(colon + 1);
		}
		catch (IllegalArgumentException ex) {
			return Optional.of(new SnsOutcome.Refused(401, "the basic credentials are not base64"));
		}
		boolean valid = !password.isEmpty() && password.length() <= 200 && this.apiKeys
			.findActiveByHash(ApiKeyRepository.hashOf(password))
			.filter((key) -> key.tenantId().equals(tenant.id()))
			.isPresent();
		return valid ? Optional.empty()
				: Optional.of(new SnsOutcome.Refused(403, "the password is not a valid API key of this tenant"));
	}

	private static ResponseEntity<?> answer(SnsOutcome outcome) {
		return switch (outcome) {
			case SnsOutcome.Confirmed confirmed -> ResponseEntity.ok(new Answer(confirmed.messageId(), "confirmed",
					null, 0));
			case SnsOutcome.ConfirmationFailed failed -> problem(HttpStatus.BAD_GATEWAY,
					"SNS subscription not confirmed", "SNS could not be reached to confirm: " + failed.reason());
			case SnsOutcome.UnsubscribeRecorded recorded -> ResponseEntity.ok(new Answer(recorded.messageId(),
					"unsubscribe-recorded", null, 0));
			case SnsOutcome.AlreadySeen seen -> ResponseEntity.ok(new Answer(seen.messageId(), "duplicate", null, 0));
			case SnsOutcome.StatusApplied(String messageId, StatusReport.Invalid invalid) -> problem(
					HttpStatus.BAD_REQUEST, "Invalid SES event", invalid.reason());
			case SnsOutcome.StatusApplied(String messageId, StatusReport report) -> ResponseEntity
				.ok(new Answer(messageId, "status-" + switch (report) {
					case StatusReport.Applied applied -> "applied";
					case StatusReport.Duplicate duplicate -> "duplicate";
					case StatusReport.Unmatched unmatched -> "unmatched";
					case StatusReport.Ignored ignored -> "ignored";
					case StatusReport.Invalid invalid -> "invalid";
				}, null, 0));
			case SnsOutcome.Ingested(String messageId, IngestResult.Accepted accepted) -> ResponseEntity
				.status(HttpStatus.ACCEPTED)
				.body(new Answer(messageId, "accepted", accepted.eventId(), accepted.deliveries()));
			case SnsOutcome.Ingested(String messageId, IngestResult.Duplicate duplicate) ->
				ResponseEntity.ok(new Answer(messageId, "duplicate", duplicate.eventId(), 0));
			case SnsOutcome.Ingested(String messageId, IngestResult.Rejected rejected) -> {
				ResponseEntity<ProblemDetail> problem = problem(HttpStatus.BAD_REQUEST, "Invalid event",
						rejected.problems().size() + " problem(s) with the event; see 'errors'");
				problem.getBody().setProperty("rejectionId", rejected.rejectionId());
				problem.getBody().setProperty("errors", rejected.problems());
				yield problem;
			}
			case SnsOutcome.Refused refused -> {
				HttpStatus status = HttpStatus.valueOf(refused.status());
				ResponseEntity<ProblemDetail> problem = problem(status, switch (refused.status()) {
					case 400 -> "Not an SNS message";
					case 401 -> "SNS credentials required";
					default -> "SNS message refused";
				}, refused.reason());
				yield (refused.status() == 401) ? ResponseEntity.status(status)
					.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"herald-sns\"")
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(problem.getBody()) : problem;
			}
		};
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("https://herald.dev/problems/" + title.toLowerCase().replace(' ', '-')));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** The answer to a message Herald took: confirmed, unsubscribe-recorded, accepted or duplicate. */
	record Answer(String messageId, String status, String eventId, int deliveries) {
	}

}
