package dev.herald.console.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.tenant.TenantId;
import dev.herald.db.webhook.WebhookRepository;
import dev.herald.db.webhook.WebhookRepository.Endpoint;
import dev.herald.db.webhook.WebhookRepository.EndpointChange;
import dev.herald.db.webhook.WebhookRepository.Message;
import dev.herald.db.webhook.WebhookRepository.NewEndpoint;
import dev.herald.events.Problem;
import dev.herald.functions.FunctionsProperties;
import dev.herald.functions.webhooks.EndpointUrls;
import dev.herald.functions.webhooks.WebhookSignature;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/webhooks}: the tenant's endpoints for delivery status events, their messages and each message's
 * tries. An endpoint's signing secret is in the answers to its creation and to a rotation only; it is stored sealed.
 */
@RestController
class WebhookEndpointsController {

	private static final int MAX_MESSAGES = 200;

	private static final int DEFAULT_PREVIOUS_VALID_HOURS = 24;

	private static final int MAX_PREVIOUS_VALID_HOURS = 7 * 24;

	private final WebhookRepository webhooks;

	private final boolean allowPrivateEndpoints;

	WebhookEndpointsController(WebhookRepository webhooks, FunctionsProperties functions) {
		this.webhooks = webhooks;
		this.allowPrivateEndpoints = functions.allowEndpointOverrides();
	}

	@PostMapping(path = "/api/v1/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> create(@RequestBody EndpointBody body) {
		List<Problem> problems = check(body, true);
		if (!problems.isEmpty()) {
			return invalid(problems);
		}
		String secret = WebhookSignature.newSecret();
		Endpoint endpoint = this.webhooks.create(tenant(), new NewEndpoint(body.url().strip(), body.description(),
				body.eventTypes(), body.enabled() == null || body.enabled(),
				body.includeRecipient() != null && body.includeRecipient()), secret);
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + endpoint.id()))
			.body(new Created(Shown.of(endpoint), secret));
	}

	@GetMapping("/api/v1/webhooks")
	Listed list() {
		return new Listed(this.webhooks.list(tenant()).stream().map(Shown::of).toList());
	}

	@GetMapping("/api/v1/webhooks/{id}")
	ResponseEntity<?> find(@PathVariable UUID id) {
		return this.webhooks.find(tenant(), id).<ResponseEntity<?>>map((found) -> ResponseEntity.ok(Shown.of(found)))
			.orElseGet(() -> notFound(id));
	}

	@PatchMapping(path = "/api/v1/webhooks/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> update(@PathVariable UUID id, @RequestBody EndpointBody body) {
		List<Problem> problems = check(body, false);
		if (!problems.isEmpty()) {
			return invalid(problems);
		}
		return this.webhooks.update(tenant(), id, new EndpointChange((body.url() != null) ? body.url().strip() : null,
				body.description(), body.eventTypes(), body.enabled(), body.includeRecipient()))
			.<ResponseEntity<?>>map((updated) -> ResponseEntity.ok(Shown.of(updated)))
			.orElseGet(() -> notFound(id));
	}

	@DeleteMapping("/api/v1/webhooks/{id}")
	ResponseEntity<?> delete(@PathVariable UUID id) {
		return this.webhooks.delete(tenant(), id) ? ResponseEntity.noContent().build() : notFound(id);
	}

	/**
	 * A new secret at once; messages signed from now on (retries included) use it, and the old one as a second
	 * signature for {@code previousValidHours} (default 24; 0 when the old secret leaked).
	 */
	@PostMapping("/api/v1/webhooks/{id}/rotate-secret")
	ResponseEntity<?> rotateSecret(@PathVariable UUID id, @RequestBody(required = false) Rotation body) {
		int hours = (body != null && body.previousValidHours() != null) ? body.previousValidHours()
				: DEFAULT_PREVIOUS_VALID_HOURS;
		if (hours < 0 || hours > MAX_PREVIOUS_VALID_HOURS) {
			return invalid(List.of(new Problem("$.previousValidHours", "must be 0 to " + MAX_PREVIOUS_VALID_HOURS)));
		}
		String secret = WebhookSignature.newSecret();
		return this.webhooks.rotateSecret(tenant(), id, secret, Duration.ofHours(hours))
				? ResponseEntity.ok(new Rotated(id, secret, (hours > 0) ? Instant.now().plus(Duration.ofHours(hours))
						: null))
				: notFound(id);
	}

	@GetMapping("/api/v1/webhooks/{id}/messages")
	ResponseEntity<?> messages(@PathVariable UUID id, @RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > MAX_MESSAGES) {
			return invalid(List.of(new Problem("limit", "must be 1 to " + MAX_MESSAGES)));
		}
		TenantId tenant = tenant();
		if (this.webhooks.find(tenant, id).isEmpty()) {
			return notFound(id);
		}
		return ResponseEntity.ok(new Messages(this.webhooks.messages(tenant, id, limit)
			.stream()
			.map(ShownMessage::of)
			.toList()));
	}

	@GetMapping("/api/v1/webhooks/{id}/messages/{messageId}/attempts")
	ResponseEntity<?> attempts(@PathVariable UUID id, @PathVariable UUID messageId) {
		TenantId tenant = tenant();
		Optional<Message> message = this.webhooks.findMessage(tenant, id, messageId);
		if (message.isEmpty()) {
			return notFound(messageId);
		}
		return ResponseEntity.ok(new Attempts(ShownMessage.of(message.get()),
				this.webhooks.attempts(tenant, messageId)));
	}

	/** Sends a delivered or failed message again, with the same webhook-id and body. */
	@PostMapping("/api/v1/webhooks/{id}/messages/{messageId}/replay")
	ResponseEntity<?> replay(@PathVariable UUID id, @PathVariable UUID messageId) {
		return switch (this.webhooks.replay(tenant(), id, messageId)) {
			case REPLAYED -> ResponseEntity.accepted().body(new Replayed(messageId, "pending"));
			case STILL_PENDING -> problem(HttpStatus.CONFLICT, "Not replayed",
					"Message " + messageId + " is still being sent; it can be replayed once delivered or failed");
			case NOT_FOUND -> notFound(messageId);
		};
	}

	private List<Problem> check(EndpointBody body, boolean creating) {
		List<Problem> problems = new ArrayList<>();
		if (body.url() != null || creating) {
			EndpointUrls.problem((body.url() != null) ? body.url().strip() : null, this.allowPrivateEndpoints)
				.ifPresent((reason) -> problems.add(new Problem("$.url", reason)));
		}
		if (body.description() != null && body.description().length() > 500) {
			problems.add(new Problem("$.description", "must have at most 500 characters"));
		}
		if (body.eventTypes() != null) {
			for (String type : body.eventTypes()) {
				if (!WebhookRepository.EVENT_TYPES.contains(type)) {
					problems.add(new Problem("$.eventTypes", "'" + type + "' is not one of "
							+ String.join(", ", WebhookRepository.EVENT_TYPES)));
				}
			}
		}
		return problems;
	}

	private static ResponseEntity<?> invalid(List<Problem> problems) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				problems.stream().map((p) -> p.path() + " " + p.message()).reduce((a, b) -> a + "; " + b).orElseThrow());
		problem.setTitle("Invalid webhook endpoint");
		problem.setProperty("errors", problems);
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static ResponseEntity<?> notFound(UUID id) {
		return problem(HttpStatus.NOT_FOUND, "Not found", "No webhook endpoint or message " + id);
	}

	private static ResponseEntity<?> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static TenantId tenant() {
		return ((TenantAuthentication) SecurityContextHolder.getContext().getAuthentication()).tenant();
	}

	/** Creating: {@code url} required; updating: only what is given changes. Empty {@code eventTypes}: all. */
	record EndpointBody(String url, String description, List<String> eventTypes, Boolean enabled,
			Boolean includeRecipient) {
	}

	record Shown(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
			boolean includeRecipient, Instant secretRotatedAt, Instant createdAt, Instant updatedAt) {

		static Shown of(Endpoint endpoint) {
			return new Shown(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.eventTypes(),
					endpoint.enabled(), endpoint.includeRecipient(), endpoint.secretRotatedAt(),
					endpoint.createdAt(), endpoint.updatedAt());
		}

	}

	/** The one answer, besides a rotation, that shows the secret. */
	record Created(Shown endpoint, String secret) {

		@Override
		public String toString() {
			return "Created[" + this.endpoint.id() + "]";
		}

	}

	record Rotation(Integer previousValidHours) {
	}

	/** @param previousSignsUntil until when the replaced secret still signs too, if it does */
	record Rotated(UUID id, String secret, Instant previousSignsUntil) {

		@Override
		public String toString() {
			return "Rotated[" + this.id + "]";
		}

	}

	record Listed(List<Shown> endpoints) {
	}

	record ShownMessage(UUID id, String webhookId, UUID deliveryId, String type, String state, int attempts,
			Instant nextAttemptAt, String lastError, Instant createdAt, Instant updatedAt, String payload) {

		static ShownMessage of(Message message) {
			return new ShownMessage(message.id(), WebhookSignature.webhookId(message.id()), message.deliveryId(),
					message.eventType(), message.state(), message.attempts(),
					message.state().equals("pending") ? message.nextAttemptAt() : null, message.lastError(),
					message.createdAt(), message.updatedAt(), message.payload());
		}

	}

	record Messages(List<ShownMessage> messages) {
	}

	record Attempts(ShownMessage message, List<WebhookRepository.Attempt> attempts) {
	}

	record Replayed(UUID id, String state) {
	}

}
