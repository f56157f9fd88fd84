package dev.herald.console.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.herald.channels.ChannelType;
import dev.herald.db.template.TemplateRepository;
import dev.herald.db.template.TemplateRepository.TemplateDraft;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.functions.rendering.RenderOutcome;
import dev.herald.functions.rendering.TemplateRenderer;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/v1/templates/{key}}: publishes a new version of one of the tenant's templates, for shops that keep
 * their templates in their own repository. Syntax errors are refused with line and column; what only fails when
 * rendered (e.g. a loop over the iteration limit) is accepted and dead-letters its deliveries with the reason.
 */
@RestController
class TemplatesController {

	private final TemplateRepository templates;

	private final TemplateRenderer renderer;

	private final TransactionOperations transactions;

	TemplatesController(TemplateRepository templates, TemplateRenderer renderer, TransactionOperations transactions) {
		this.templates = templates;
		this.renderer = renderer;
		this.transactions = transactions;
	}

	@PutMapping(path = "/api/v1/templates/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> publish(@PathVariable String key, @RequestBody TemplateBody body) {
		TenantAuthentication auth = (TenantAuthentication) SecurityContextHolder.getContext().getAuthentication();
		List<Problem> problems = new ArrayList<>();
		if (!key.matches("[a-z0-9][a-z0-9-]{0,63}")) {
			problems.add(new Problem("$.key", "use 1 to 64 lower-case letters, digits and dashes"));
		}
		if (body.eventType() == null || EventType.fromWireName(body.eventType()).isEmpty()) {
			problems.add(new Problem("$.eventType", "must be one of the event types, e.g. order.placed"));
		}
		if (body.channel() == null || ChannelType.fromId(body.channel()).isEmpty()) {
			problems.add(new Problem("$.channel", "must be email, sms or push"));
		}
		if (body.locale() == null || !body.locale().matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
			problems.add(new Problem("$.locale", "must be a language tag such as en or ko-KR"));
		}
		if (body.text() == null || body.text().isBlank()) {
			problems.add(new Problem("$.text", "a plain text body is required"));
		}
		check(problems, "$.subject", body.subject());
		check(problems, "$.html", body.html());
		check(problems, "$.text", body.text());
		if (!problems.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					problems.size() + " problem(s) with the template; see 'errors'");
			problem.setTitle("Invalid template");
			problem.setProperty("errors", problems);
			return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		TemplateDraft draft = new TemplateDraft(key, body.eventType(), body.channel(), body.locale(), body.subject(),
				body.html(), body.text());
		int version = this.transactions.execute((status) -> this.templates.publishNewVersion(auth.tenant(), draft, "api"));
		return ResponseEntity.ok(Map.of("key", key, "channel", body.channel(), "locale", body.locale(), "version",
				version));
	}

	private void check(List<Problem> problems, String path, String source) {
		if (source == null) {
			return;
		}
		for (RenderOutcome.Failed failed : this.renderer.check(source)) {
			problems.add(new Problem(path, (failed.line() > 0)
					? "line " + failed.line() + ", column " + failed.column() + ": " + failed.reason()
					: failed.reason()));
		}
	}

	record TemplateBody(String eventType, String channel, String locale, String subject, String html, String text) {
	}

}
