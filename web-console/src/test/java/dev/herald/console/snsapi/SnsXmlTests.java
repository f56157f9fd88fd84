package dev.herald.console.snsapi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnsXmlTests {

	@Test
	void anAnswerIsTheActionsResponseInSnsNamespaceWithItsRequestId() {
		assertThat(SnsXml.response("Publish", SnsXml.element("MessageId", "m-1"), "r-1")).isEqualTo("""
				<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
				  <PublishResult><MessageId>m-1</MessageId></PublishResult>
				  <ResponseMetadata>
				    <RequestId>r-1</RequestId>
				  </ResponseMetadata>
				</PublishResponse>
				""");
	}

	@Test
	void anErrorNamesTypeCodeAndMessageEscaped() {
		assertThat(SnsXml.error(SnsError.invalidParameter("Invalid parameter: <Message> & \"more\""), "r-2"))
			.isEqualTo("""
					<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
					  <Error>
					    <Type>Sender</Type>
					    <Code>InvalidParameter</Code>
					    <Message>Invalid parameter: &lt;Message&gt; &amp; &quot;more&quot;</Message>
					  </Error>
					  <RequestId>r-2</RequestId>
					</ErrorResponse>
					""");
		assertThat(SnsXml.error(SnsError.internal("try again"), "r-3")).contains("<Type>Receiver</Type>");
	}

	@Test
	void charactersXmlCannotCarryAreLeftOutSoTheAnswerStillParses() {
		assertThat(SnsXml.element("Message", "a\u0000b\u0001c\td")).isEqualTo("<Message>abc\td</Message>");
	}

}
