package dev.herald.functions.webhooks;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointUrlsTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"http://hooks.shop.example/herald | must be an https URL",
			"ftp://hooks.shop.example/herald | must be an https URL",
			"https://127.0.0.1/hooks | must name its host, not an IP address",
			"https://10.0.0.5:8443/hooks | must name its host, not an IP address",
			"https://[::1]/hooks | must name its host, not an IP address",
			"https://169.254.169.254/latest/meta-data | must name its host, not an IP address",
			"https://localhost/hooks | must name a public host, not localhost or an internal name",
			"https://api.localhost/hooks | must name a public host, not localhost or an internal name",
			"https://metadata.google.internal/hooks | must name a public host, not localhost or an internal name",
			"https://intranet/hooks | must name a public host, not localhost or an internal name",
			"https://user:pass@hooks.shop.example/herald | must not hold user info (credentials)",
			"https:///hooks | must name a host",
			"https://hooks.shop.example/a#b | must not have a fragment" })
	void urlsHeraldMustNotCallAreRefusedWithTheReason(String url, String reason) {
		assertThat(EndpointUrls.problem(url, false)).contains(reason);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://hooks.shop.example/herald", "https://hooks.shop.example:8443/a?b=c" })
	void httpsToANamedHostIsAnEndpoint(String url) {
		assertThat(EndpointUrls.problem(url, false)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8089/hooks", "https://localhost/hooks" })
	void anOperatorAllowingEndpointOverridesMayUseLocalEndpoints(String url) {
		assertThat(EndpointUrls.problem(url, true)).isEmpty();
		assertThat(EndpointUrls.problem("http://u:p@127.0.0.1/hooks", true)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
			"0.0.0.0", "::1", "fd00::1", "fe80::1" })
	void privateLoopbackAndLinkLocalAddressesArePrivate(String address) throws Exception {
		assertThat(EndpointUrls.isPrivate(InetAddress.getByName(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "93.184.215.14", "8.8.8.8", "2606:4700::1111" })
	void publicAddressesAreNot(String address) throws Exception {
		assertThat(EndpointUrls.isPrivate(InetAddress.getByName(address))).isFalse();
	}

}
