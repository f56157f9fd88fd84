package dev.herald.console.api;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.herald.db.device.DeviceRepository;
import dev.herald.db.device.DeviceRepository.Device;
import dev.herald.db.tenant.TenantId;
import dev.herald.events.Problem;
import dev.herald.functions.FunctionsProperties;

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
 * {@code /api/v1/recipients/{id}/devices}: the shop registers its customers' push devices (FCM/APNs tokens, SNS
 * endpoint ARNs, Web Push subscriptions) so push notifications reach them, and removes them on sign-out.
 */
@RestController
class DevicesController {

	private static final Set<String> PLATFORMS = Set.of("webpush", "fcm", "apns", "sns");

	private final DeviceRepository devices;

	private final boolean allowPrivateEndpoints;

	DevicesController(DeviceRepository devices, FunctionsProperties functions) {
		this.devices = devices;
		this.allowPrivateEndpoints = functions.allowEndpointOverrides();
	}

	@PostMapping(path = "/api/v1/recipients/{recipientId}/devices", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> register(@PathVariable String recipientId, @RequestBody DeviceBody body) {
		List<Problem> problems = new ArrayList<>();
		if (recipientId.isBlank() || recipientId.length() > 200) {
			problems.add(new Problem("recipientId", "must be the shop's customer id, 1 to 200 characters"));
		}
		if (body.platform() == null || !PLATFORMS.contains(body.platform())) {
			problems.add(new Problem("$.platform", "must be one of webpush, fcm, apns, sns"));
		}
		if (body.token() == null || body.token().isBlank() || body.token().length() > 4096) {
			problems.add(new Problem("$.token", "is required (at most 4096 characters)"));
		}
		Map<String, String> keys = (body.keys() != null) ? body.keys() : Map.of();
		if ("webpush".equals(body.platform())) {
			if (body.token() != null && !publicHttps(body.token())) {
				problems.add(new Problem("$.token", "must be the subscription's https endpoint URL at a push service"));
			}
			if (!keys.containsKey("p256dh") || !keys.containsKey("auth")) {
				problems.add(new Problem("$.keys", "a Web Push subscription needs its p256dh and auth keys"));
			}
		}
		if (!problems.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					problems.size() + " problem(s) with the device; see 'errors'");
			problem.setTitle("Invalid device");
			problem.setProperty("errors", problems);
			return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		Device device = this.devices.register(tenant(), recipientId, body.platform(), body.token().strip(), keys);
		return ResponseEntity.created(URI.create("/api/v1/recipients/" + recipientId + "/devices/" + device.id()))
			.body(Shown.of(device));
	}

	@GetMapping("/api/v1/recipients/{recipientId}/devices")
	List<Shown> list(@PathVariable String recipientId) {
		return this.devices.list(tenant(), recipientId).stream().map(Shown::of).toList();
	}

	@DeleteMapping("/api/v1/recipients/{recipientId}/devices/{deviceId}")
	ResponseEntity<?> remove(@PathVariable String recipientId, @PathVariable UUID deviceId) {
		return this.devices.remove(tenant(), recipientId, deviceId) ? ResponseEntity.noContent().build()
				: ResponseEntity.status(HttpStatus.NOT_FOUND)
					.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such device for this recipient"));
	}

	/**
	 * A Web Push endpoint comes from a browser, so from anyone: Herald will POST to it, and must not be led to its own
	 * network (SSRF). Only https to a named host, unless the operator allows private endpoints (tests, intranets).
	 */
	private boolean publicHttps(String endpoint) {
		try {
			URI uri = URI.create(endpoint);
			String host = uri.getHost();
			if (host == null || uri.getUserInfo() != null) {
				return false;
			}
			if (this.allowPrivateEndpoints) {
				return "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
			}
			String lower = host.toLowerCase(java.util.Locale.ROOT);
			boolean literal = lower.matches("[0-9.]+") || lower.startsWith("[");
			return "https".equals(uri.getScheme()) && !literal && !lower.equals("localhost")
					&& !lower.endsWith(".localhost") && !lower.endsWith(".internal") && lower.contains(".");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static TenantId tenant() {
		return ((TenantAuthentication) SecurityContextHolder.getContext().getAuthentication()).tenant();
	}

	record DeviceBody(String platform, String token, Map<String, String> keys) {
	}

	/** A device as the API shows it; Web Push keys are not echoed back. */
	record Shown(UUID id, String platform, String token, Instant createdAt, Instant lastSeenAt) {

		static Shown of(Device device) {
			return new Shown(device.id(), device.platform(), device.token(), device.createdAt(), device.lastSeenAt());
		}

	}

}
