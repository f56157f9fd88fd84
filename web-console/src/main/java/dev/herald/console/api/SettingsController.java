package dev.herald.console.api;

import java.util.ArrayList;
import java.util.List;

import dev.herald.db.tenant.Tenant;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/settings}: the tenant's delivery defaults — how many attempts before a delivery is dead-lettered, and
 * how long an SMS may be (parts) and what happens to a longer one (refuse or truncate).
 */
@RestController
class SettingsController {

	private final TenantRepository tenants;

	private final TransactionOperations transactions;

	SettingsController(TenantRepository tenants, TransactionOperations transactions) {
		this.tenants = tenants;
		this.transactions = transactions;
	}

	@GetMapping("/api/v1/settings")
	Settings get() {
		return Settings.of(this.tenants.find(tenant()).orElseThrow());
	}

	@PutMapping(path = "/api/v1/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> put(@RequestBody Settings body) {
		Tenant current = this.tenants.find(tenant()).orElseThrow();
		int maxAttempts = (body.maxAttempts() != null) ? body.maxAttempts() : current.maxAttempts();
		int smsMaxSegments = (body.smsMaxSegments() != null) ? body.smsMaxSegments() : current.smsMaxSegments();
		String smsOverflow = (body.smsOverflow() != null) ? body.smsOverflow() : current.smsOverflow();
		List<Problem> problems = new ArrayList<>();
		if (maxAttempts < 1 || maxAttempts > 50) {
			problems.add(new Problem("$.maxAttempts", "must be between 1 and 50"));
		}
		if (smsMaxSegments < 1 || smsMaxSegments > 10) {
			problems.add(new Problem("$.smsMaxSegments", "must be between 1 and 10 SMS parts"));
		}
		if (!smsOverflow.equals("refuse") && !smsOverflow.equals("truncate")) {
			problems.add(new Problem("$.smsOverflow", "must be refuse or truncate"));
		}
		if (!problems.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					problems.size() + " problem(s) with the settings; see 'errors'");
			problem.setTitle("Invalid settings");
			problem.setProperty("errors", problems);
			return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		this.transactions.executeWithoutResult((status) -> {
			this.tenants.updateMaxAttempts(current.id(), maxAttempts);
			this.tenants.updateSmsPolicy(current.id(), smsMaxSegments, smsOverflow);
		});
		return ResponseEntity.ok(get());
	}

	private static TenantId tenant() {
		return ((TenantAuthentication) SecurityContextHolder.getContext().getAuthentication()).tenant();
	}

	/** The tenant's delivery defaults; on PUT, what is left out stays as it is. */
	record Settings(Integer maxAttempts, Integer smsMaxSegments, String smsOverflow) {

		static Settings of(Tenant tenant) {
			return new Settings(tenant.maxAttempts(), tenant.smsMaxSegments(), tenant.smsOverflow());
		}

	}

}
