package dev.herald.console.webhooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Twilio's request signature, checked against the example in Twilio's request validation documentation. */
class TwilioSignatureTests {

	private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

	private static final List<Map.Entry<String, String>> PARAMETERS = List.of(Map.entry("CallSid", "CA1234567890ABCDE"),
			Map.entry("Caller", "+14158675309"), Map.entry("Digits", "1234"), Map.entry("From", "+14158675309"),
			Map.entry("To", "+18005551212"));

	private static final String EXPECTED = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

	@Test
	void theDocumentedExampleSignsAsTwilioSaysInWhateverOrderTheParametersCome() {
		List<Map.Entry<String, String>> shuffled = new ArrayList<>(PARAMETERS);
		Collections.reverse(shuffled);

		assertThat(TwilioSignature.sign("12345", URL, PARAMETERS)).isEqualTo(EXPECTED);
		assertThat(TwilioSignature.verify("12345", URL, shuffled, EXPECTED)).isTrue();
	}

	@Test
	void aTamperedParameterAnotherUrlAnotherTokenOrNoSignatureDoNotVerify() {
		List<Map.Entry<String, String>> tampered = new ArrayList<>(PARAMETERS);
		tampered.set(2, Map.entry("Digits", "9999"));

		assertThat(TwilioSignature.verify("12345", URL, tampered, EXPECTED)).isFalse();
		assertThat(TwilioSignature.verify("12345", URL.replace("bar=2", "bar=3"), PARAMETERS, EXPECTED)).isFalse();
		assertThat(TwilioSignature.verify("54321", URL, PARAMETERS, EXPECTED)).isFalse();
		assertThat(TwilioSignature.verify("12345", URL, PARAMETERS, null)).isFalse();
		assertThat(TwilioSignature.verify("12345", URL, PARAMETERS, "")).isFalse();
	}

	@Test
	void behindAProxyTheSignatureIsCheckedOverThePublicUrlTwilioWasGiven() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/twilio/shop-1");
		request.setScheme("http");
		request.setServerName("10.0.3.7");
		request.setServerPort(8080);
		request.setQueryString("retry=1");
		String publicUrl = "https://herald.example.com/webhooks/twilio/shop-1?retry=1";
		String signature = TwilioSignature.sign("12345", publicUrl, PARAMETERS);

		assertThat(TwilioWebhookController.signedUrl("https://herald.example.com", request)).isEqualTo(publicUrl);
		assertThat(TwilioSignature.verify("12345",
				TwilioWebhookController.signedUrl("https://herald.example.com", request), PARAMETERS, signature))
			.isTrue();
		assertThat(TwilioSignature.verify("12345", TwilioWebhookController.signedUrl(null, request), PARAMETERS,
				signature))
			.as("the URL the proxy forwarded to is not the one Twilio signed")
			.isFalse();
	}

	@Test
	void theFormIsReadAsSentEveryParameterKept() {
		assertThat(TwilioWebhookController.parse("To=%2B15558675310&Body=a+b&Empty=&Flag"))
			.containsExactly(Map.entry("To", "+15558675310"), Map.entry("Body", "a b"), Map.entry("Empty", ""),
					Map.entry("Flag", ""));
	}

}
