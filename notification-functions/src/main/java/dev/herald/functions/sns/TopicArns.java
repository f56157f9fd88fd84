package dev.herald.functions.sns;

import java.util.regex.Pattern;

/** The shape of an SNS topic ARN, e.g. {@code arn:aws:sns:eu-west-1:123456789012:shop-orders}. */
public final class TopicArns {

	private static final Pattern TOPIC_ARN = Pattern
		.compile("arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

	private TopicArns() {
	}

	public static boolean isValid(String arn) {
		return arn != null && arn.length() <= 400 && TOPIC_ARN.matcher(arn).matches();
	}

}
