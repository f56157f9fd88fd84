package dev.herald.console.sns;

import java.time.Clock;

import dev.herald.functions.sns.SnsFetcher;
import dev.herald.functions.sns.SnsSignatureVerifier;
import dev.herald.functions.sns.testing.SnsTestHost;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * SNS for the server under test: the real HTTPS client and verifier, pointed at a local HTTPS server standing in for
 * SNS's hosts and trusting only its test CA. Every fetch attempt is recorded by {@link #HOST}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SnsStandInConfiguration {

	public static final SnsTestHost HOST = new SnsTestHost();

	@Bean
	@Primary
	SnsFetcher standInSnsFetcher() {
		return HOST.fetcher();
	}

	@Bean
	@Primary
	SnsSignatureVerifier standInSnsSignatureVerifier() {
		return new SnsSignatureVerifier(HOST.fetcher(), HOST.trustAnchors(), "sns.amazonaws.com", Clock.systemUTC(),
				16);
	}

}
