package dev.herald.functions.sns;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SnsMessageParserTests {

	private static final String NOTIFICATION = """
			{"Type":"Notification","MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",\
			"TopicArn":"arn:aws:sns:us-west-2:123456789012:MyTopic","Subject":"My First Message",\
			"Message":"Hello world!","Timestamp":"2012-05-02T00:54:06.000Z","SignatureVersion":"1",\
			"Signature":"EXAMPLEw6JRN","SigningCertURL":"https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",\
			"UnsubscribeURL":"https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x"}""";

	@Test
	void aNotificationKeepsEveryFieldExactlyAsSent() {
		SnsMessage message = parsed(NOTIFICATION);

		assertThat(message.type()).isEqualTo(SnsMessage.Type.NOTIFICATION);
		assertThat(message.timestamp()).isEqualTo("2012-05-02T00:54:06.000Z");
		assertThat(message.canonicalString()).isEqualTo("""
				Message
				Hello world!
				MessageId
				22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324
				Subject
				My First Message
				Timestamp
				2012-05-02T00:54:06.000Z
				TopicArn
				arn:aws:sns:us-west-2:123456789012:MyTopic
				Type
				Notification
				""");
	}

	@Test
	void aNotificationWithoutSubjectLeavesItOutOfTheCanonicalString() {
		SnsMessage message = parsed(NOTIFICATION.replace("\"Subject\":\"My First Message\",", ""));

		assertThat(message.subject()).isNull();
		assertThat(message.canonicalString()).doesNotContain("Subject");
	}

	@Test
	void aConfirmationSignsItsSubscribeUrlAndTokenInOrder() {
		SnsMessage message = parsed("""
				{"Type":"SubscriptionConfirmation","MessageId":"m","Token":"t","TopicArn":"arn:aws:sns:us-west-2:123456789012:T",\
				"Message":"M","SubscribeURL":"https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription",\
				"Timestamp":"2012-04-26T20:45:04.751Z","SignatureVersion":"2","Signature":"s","SigningCertURL":"u"}""");

		assertThat(message.canonicalString()).isEqualTo("Message\nM\nMessageId\nm\nSubscribeURL\n"
				+ "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription\nTimestamp\n"
				+ "2012-04-26T20:45:04.751Z\nToken\nt\nTopicArn\narn:aws:sns:us-west-2:123456789012:T\nType\n"
				+ "SubscriptionConfirmation\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "null", "[]", "\"text\"", "42", "{", "{}", "{\"Type\":\"Notification\"}",
			"{\"Type\":\"Notification\"} trailing", "not json at all", "{\"Type\":[\"Notification\"]}" })
	void garbageIsMalformedWithAReason(String body) {
		assertThat(SnsMessageParser.parse(body)).isInstanceOfSatisfying(SnsParseResult.Malformed.class,
				(malformed) -> assertThat(malformed.reason()).isNotBlank());
	}

	@Test
	void aMissingFieldIsNamed() {
		assertThat(SnsMessageParser.parse(NOTIFICATION.replace("\"Signature\":\"EXAMPLEw6JRN\",", "")))
			.isEqualTo(new SnsParseResult.Malformed("'Signature' is missing"));
	}

	@Test
	void aFieldOfTheWrongTypeIsNamed() {
		assertThat(SnsMessageParser.parse(NOTIFICATION.replace("\"SignatureVersion\":\"1\"", "\"SignatureVersion\":1")))
			.isEqualTo(new SnsParseResult.Malformed("'SignatureVersion' must be a string"));
		assertThat(SnsMessageParser.parse(NOTIFICATION.replace("\"Message\":\"Hello world!\"", "\"Message\":{\"a\":1}")))
			.isEqualTo(new SnsParseResult.Malformed("'Message' must be a string"));
	}

	@Test
	void aHugeFieldIsRefused() {
		assertThat(SnsMessageParser.parse(NOTIFICATION.replace("EXAMPLEw6JRN", "A".repeat(100_000))))
			.isEqualTo(new SnsParseResult.Malformed("'Signature' is longer than 4096 characters"));
		assertThat(SnsMessageParser.parse("{\"Message\":\"" + "x".repeat(SnsMessageParser.MAX_BODY_CHARS) + "\"}"))
			.isInstanceOf(SnsParseResult.Malformed.class);
	}

	@Test
	void aRepeatedFieldIsRefused() {
		assertThat(SnsMessageParser.parse(NOTIFICATION.replace("\"Message\":\"Hello world!\"",
				"\"Message\":\"Hello world!\",\"Message\":\"Other\"")))
			.isInstanceOf(SnsParseResult.Malformed.class);
	}

	@Test
	void anUnknownTypeIsRefused() {
		assertThat(SnsMessageParser.parse(NOTIFICATION.replace("\"Type\":\"Notification\"", "\"Type\":\"Other\"")))
			.isInstanceOf(SnsParseResult.Malformed.class);
	}

	@Test
	void aConfirmationWithoutTokenIsRefused() {
		assertThat(SnsMessageParser.parse(NOTIFICATION.replace("\"Type\":\"Notification\"",
				"\"Type\":\"SubscriptionConfirmation\"")))
			.isEqualTo(new SnsParseResult.Malformed("a SubscriptionConfirmation needs 'SubscribeURL' and 'Token'"));
	}

	@Test
	void randomBytesAndMutatedMessagesNeverThrow() {
		Random random = new Random(20261125);
		List<String> seeds = List.of(NOTIFICATION, "{\"a\":[1,2,{\"b\":null}]}", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]");
		for (int i = 0; i < 3000; i++) {
			String input;
			if (i % 3 == 0) {
				byte[] bytes = new byte[random.nextInt(300)];
				random.nextBytes(bytes);
				input = new String(bytes, StandardCharsets.UTF_8);
			}
			else {
				StringBuilder mutated = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
				for (int m = 0; m < 1 + random.nextInt(4); m++) {
					int at = random.nextInt(mutated.length());
					switch (random.nextInt(3)) {
						case 0 -> mutated.deleteCharAt(at);
						case 1 -> mutated.insert(at, "\"{}[]:,\\u0000é\n".charAt(random.nextInt(14)));
						default -> mutated.setCharAt(at, (char) random.nextInt(0x2FFF));
					}
				}
				input = mutated.toString();
			}
			String body = input;
			assertThatNoException().as(body).isThrownBy(() -> {
				SnsParseResult result = SnsMessageParser.parse(body);
				if (result instanceof SnsParseResult.Parsed(SnsMessage message)) {
					message.canonicalString();
				}
			});
		}
		assertThat(SnsMessageParser.parse("[".repeat(100_000))).isInstanceOf(SnsParseResult.Malformed.class);
	}

	private static SnsMessage parsed(String body) {
		SnsParseResult result = SnsMessageParser.parse(body);
		assertThat(result).isInstanceOf(SnsParseResult.Parsed.class);
		return ((SnsParseResult.Parsed) result).message();
	}

}
