package dev.herald.console.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.suppression.SuppressionRepository.Page;
import dev.herald.db.suppression.SuppressionRepository.Suppression;
import dev.herald.db.tenant.TenantId;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/suppressions}: the addresses the tenant no longer sends to (hard bounces, complaints, opted-out or
 * unreachable numbers), searchable by part of the address and paged; deleting one lets the address be sent to again.
 */
@RestController
class SuppressionsController {

	static final int MAX_SIZE = 200;

	private final SuppressionRepository suppressions;

	SuppressionsController(SuppressionRepository suppressions) {
		this.suppressions = suppressions;
	}

	@GetMapping("/api/v1/suppressions")
	ResponseEntity<?> list(@RequestParam(required = false) String address,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (page < 0 || size < 1 || size > MAX_SIZE || (address != null && address.length() > 320)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"page must be 0 or more, size 1 to " + MAX_SIZE + ", address at most 320 characters");
			problem.setTitle("Invalid query");
			return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		Page found = this.suppressions.list(tenant(), address, Math.multiplyExact(page, size), size);
		return ResponseEntity.ok(new Listing(found.items().stream().map(Shown::of).toList(), page, size,
				found.total()));
	}

	@DeleteMapping("/api/v1/suppressions/{id}")
	ResponseEntity<?> remove(@PathVariable UUID id) {
		return this.suppressions.remove(tenant(), id) ? ResponseEntity.noContent().build()
				: ResponseEntity.status(HttpStatus.NOT_FOUND)
					.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such suppression"));
	}

	private static TenantId tenant() {
		return ((TenantAuthentication) SecurityContextHolder.getContext().getAuthentication()).tenant();
	}

	record Listing(List<Shown> items, int page, int size, long total) {
	}

	record Shown(UUID id, String channel, String address, String reason, String source, String detail,
			UUID deliveryId, Instant createdAt) {

		static Shown of(Suppression s) {
			return new Shown(s.id(), s.channel(), s.address(), s.reason().id(), s.source(), s.detail(), s.deliveryId(),
					s.createdAt());
		}

	}

}
