package dev.herald.channels;

import java.util.Map;
import java.util.Objects;

/**
 * A registered device a push notification goes to.
 *
 * @param platform which push service the token belongs to: {@code webpush}, {@code fcm}, {@code apns} or {@code sns}
 * @param token the platform's address: a Web Push endpoint URL, an FCM registration token, an APNs device token, or
 * an SNS platform endpoint ARN
 * @param keys the platform's extra keys: for Web Push {@code p256dh} and {@code auth}; empty otherwise
 */
public record PushTarget(String platform, String token, Map<String, String> keys) {

	public static final String WEB_PUSH = "webpush";

	public static final String FCM = "fcm";

	public static final String APNS = "apns";

	public static final String SNS = "sns";

	public PushTarget {
		Objects.requireNonNull(platform, "platform");
		Objects.requireNonNull(token, "token");
		keys = (keys != null) ? Map.copyOf(keys) : Map.of();
	}

}
