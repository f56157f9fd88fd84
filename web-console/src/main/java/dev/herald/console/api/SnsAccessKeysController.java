package dev.herald.console.api;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.db.snsapi.SnsAccessKeyRepository;
import dev.herald.db.snsapi.SnsAccessKeyRepository.SnsAccessKey;
import dev.herald.db.tenant.TenantId;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/sns/access-keys}: the access keys a shop's {@code SnsClient} signs its requests to the local
 * SNS-compatible API with. The secret is in the answer to the creation only; it is stored sealed, and listed never.
 */
@RestController
class SnsAccessKeysController {

	private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SnsAccessKeyRepository keys;

	SnsAccessKeysController(SnsAccessKeyRepository keys) {
		this.keys = keys;
	}

	@PostMapping(path = "/api/v1/sns/access-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> create(@RequestBody(required = false) NewKey body) {
		String name = (body != null && body.name() != null) ? body.name().strip() : "default";
		if (name.isEmpty() || name.length() > 200) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"'name' must have 1 to 200 characters");
			problem.setTitle("Invalid access key");
			return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		String secret = random(ALPHABET, 40);
		SnsAccessKey key = this.keys.create(tenant(), name, "HKIA" + random(UPPER, 16), secret);
		return ResponseEntity.created(URI.create("/api/v1/sns/access-keys/" + key.id()))
			.body(new Created(key.id(), key.name(), key.accessKeyId(), secret, key.createdAt()));
	}

	@GetMapping("/api/v1/sns/access-keys")
	Listed list() {
		return new Listed(this.keys.list(tenant())
			.stream()
			.map((key) -> new Shown(key.id(), key.name(), key.accessKeyId(), key.createdAt(), key.revokedAt()))
			.toList());
	}

	@DeleteMapping("/api/v1/sns/access-keys/{id}")
	ResponseEntity<?> revoke(@PathVariable UUID id) {
		if (this.keys.revoke(tenant(), id)) {
			return ResponseEntity.noContent().build();
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No active SNS access key " + id);
		problem.setTitle("Not found");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static String random(String alphabet, int length) {
		StringBuilder value = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return value.toString();
	}

	private static TenantId tenant() {
		return ((TenantAuthentication) SecurityContextHolder.getContext().getAuthentication()).tenant();
	}

	record NewKey(String name) {
	}

	/** The one answer that shows the secret. */
	record Created(UUID id, String name, String accessKeyId, String secretAccessKey, Instant createdAt) {

		@Override
		public String toString() {
			return "Created[" + this.accessKeyId + "]";
		}

	}

	record Shown(UUID id, String name, String accessKeyId, Instant createdAt, Instant revokedAt) {
	}

	record Listed(List<Shown> accessKeys) {
	}

}
