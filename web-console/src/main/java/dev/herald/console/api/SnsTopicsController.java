package dev.herald.console.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.herald.console.ServerProperties;
import dev.herald.db.sns.SnsRepository;
import dev.herald.db.sns.SnsRepository.AllowedTopic;
import dev.herald.db.sns.SnsRepository.SnsSubscription;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.tenant.TenantRepository;
import dev.herald.events.Problem;
import dev.herald.functions.sns.TopicArns;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
 * {@code /api/v1/sns}: the SNS topics a tenant allows to reach its SNS endpoint (only their subscriptions are
 * confirmed and their messages taken), and its SNS subscriptions as SNS last reported them.
 */
@RestController
@ConditionalOnProperty(prefix = "herald.server.sns", name = "enabled", havingValue = "true", matchIfMissing = true)
class SnsTopicsController {

	private final SnsRepository sns;

	private final TenantRepository tenants;

	private final String endpointPrefix;

	SnsTopicsController(SnsRepository sns, TenantRepository tenants, ServerProperties properties) {
		this.sns = sns;
		this.tenants = tenants;
		this.endpointPrefix = properties.sns().path();
	}

	@GetMapping("/api/v1/sns/topics")
	Topics list() {
		String slug = this.tenants.find(tenant()).orElseThrow().slug();
		return new Topics(this.endpointPrefix + "/" + slug,
				this.sns.topics(tenant()).stream().map(Topic::of).toList());
	}

	@PostMapping(path = "/api/v1/sns/topics", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> allow(@RequestBody TopicBody body) {
		String arn = (body.topicArn() != null) ? body.topicArn().strip() : null;
		if (!TopicArns.isValid(arn)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"1 problem(s) with the topic; see 'errors'");
			problem.setTitle("Invalid topic");
			problem.setProperty("errors", List.of(new Problem("$.topicArn",
					"must be an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:shop-orders")));
			return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		boolean added = this.sns.allowTopic(tenant(), arn);
		Topic topic = this.sns.topics(tenant())
			.stream()
			.filter((allowed) -> allowed.topicArn().equals(arn))
			.map(Topic::of)
			.findFirst()
			.orElseThrow();
		return added ? ResponseEntity.created(URI.create("/api/v1/sns/topics/" + arn)).body(topic)
				: ResponseEntity.ok(topic);
	}

	@DeleteMapping("/api/v1/sns/topics/{topicArn}")
	ResponseEntity<?> remove(@PathVariable String topicArn) {
		return this.sns.removeTopic(tenant(), topicArn) ? ResponseEntity.noContent().build()
				: ResponseEntity.status(HttpStatus.NOT_FOUND)
					.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No allowed topic " + topicArn));
	}

	@GetMapping("/api/v1/sns/subscriptions")
	List<Subscription> subscriptions() {
		return this.sns.subscriptions(tenant()).stream().map(Subscription::of).toList();
	}

	private static TenantId tenant() {
		return ((TenantAuthentication) SecurityContextHolder.getContext().getAuthentication()).tenant();
	}

	record TopicBody(String topicArn) {
	}

	/** @param endpointPath where to subscribe the topics: this server's https URL with this path */
	record Topics(String endpointPath, List<Topic> topics) {
	}

	record Topic(String topicArn, Instant allowedAt) {

		static Topic of(AllowedTopic topic) {
			return new Topic(topic.topicArn(), topic.createdAt());
		}

	}

	/**
	 * @param state {@code pending}, {@code confirmed} or {@code unsubscribe_requested}
	 * @param resubscribeUrl after an unsubscribe: the SNS URL that would subscribe again, for the tenant to decide
	 */
	record Subscription(String topicArn, String state, String subscriptionArn, String lastError,
			String resubscribeUrl, Instant updatedAt) {

		static Subscription of(SnsSubscription subscription) {
			return new Subscription(subscription.topicArn(), subscription.state().id(), subscription.subscriptionArn(),
					subscription.lastError(), subscription.resubscribeUrl(), subscription.updatedAt());
		}

	}

}
