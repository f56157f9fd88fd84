package dev.herald.functions.sns;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicArnsTests {

	@ParameterizedTest
	@ValueSource(strings = { "arn:aws:sns:eu-west-1:123456789012:shop-orders", "arn:aws:sns:us-east-1:123456789012:a_b",
			"arn:aws-cn:sns:cn-north-1:123456789012:orders", "arn:aws-us-gov:sns:us-gov-west-1:123456789012:orders",
			"arn:aws:sns:ap-southeast-2:123456789012:orders.fifo" })
	void topicArnsAreValid(String arn) {
		assertThat(TopicArns.isValid(arn)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "orders", "arn:aws:sqs:eu-west-1:123456789012:orders", "arn:aws:sns:eu-west-1:1234:orders",
			"arn:aws:sns:eu-west-1:123456789012:", "arn:aws:sns:eu-west-1:123456789012:orders:sub-id",
			"arn:aws:sns:eu-west-1:123456789012:a b", "arn:aws:s3:::bucket", "ARN:AWS:SNS:EU-WEST-1:123456789012:X" })
	void otherStringsAreNot(String arn) {
		assertThat(TopicArns.isValid(arn)).isFalse();
	}

}
