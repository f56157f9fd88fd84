package dev.herald.console.snsapi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.db.tenant.TenantId;

/**
 * Topic and subscription ARNs: {@code arn:aws:sns:<region>:<account>:<topic>}, the account a 12-digit number
 * derived from the tenant's id, so each tenant has its own account as on AWS and ARNs stay stable across restarts.
 */
final class TopicArns {

	private static final Pattern ARN = Pattern.compile("arn:aws:sns:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]{1,256})");

	private TopicArns() {
	}

	static String account(TenantId tenant) {
		byte[] digest = SigV4Verifier.sha256(("herald-sns-account:" + tenant).getBytes(StandardCharsets.UTF_8));
		return String.format("%012d", new BigInteger(1, digest).mod(BigInteger.TEN.pow(12)));
	}

	static String topic(String region, TenantId tenant, String name) {
		return "arn:aws:sns:" + region + ":" + account(tenant) + ":" + name;
	}

	static Optional<Parsed> parse(String arn) {
		Matcher matcher = ARN.matcher(arn);
		return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), matcher.group(2), matcher.group(3)))
				: Optional.empty();
	}

	record Parsed(String region, String account, String name) {
	}

}
