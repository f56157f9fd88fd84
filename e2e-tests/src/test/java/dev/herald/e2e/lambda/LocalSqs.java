package dev.herald.e2e.lambda;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS on this machine: an embedded ElasticMQ on a free port of 127.0.0.1, driven with the AWS SDK's {@link SqsClient}.
 * ElasticMQ does not invoke Lambda: tests receive what the functions sent and hand it on, as an event source mapping
 * would.
 */
final class LocalSqs implements AutoCloseable {

	private final SQSRestServer server;

	private final URI endpoint;

	private final SqsClient client;

	private LocalSqs(SQSRestServer server, URI endpoint) {
		this.server = server;
		this.endpoint = endpoint;
		this.client = SqsClient.builder()
			.endpointOverride(endpoint)
			.region(Region.of(LambdaRuntimeApi.REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("e2e", "e2e")))
			.build();
	}

	static LocalSqs start() {
		SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
			.withDynamicPort()
			.withAWSRegion(LambdaRuntimeApi.REGION)
			.withAWSAccountId(LambdaRuntimeApi.ACCOUNT)
			.start();
		int port = server.waitUntilStarted().localAddress().getPort();
		return new LocalSqs(server, URI.create("http://127.0.0.1:" + port));
	}

	URI endpoint() {
		return this.endpoint;
	}

	SqsClient client() {
		return this.client;
	}

	/** A standard queue with a dead-letter queue after {@code maxReceiveCount} receives; returns its URL. */
	String createQueue(String name, Duration visibilityTimeout, int maxReceiveCount) {
		String dlq = this.client.createQueue((create) -> create.queueName(name + "-dlq")).queueUrl();
		String dlqArn = this.client
			.getQueueAttributes((get) -> get.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		return this.client.createQueue((create) -> create.queueName(name)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
					QueueAttributeName.REDRIVE_POLICY,
					"{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}")))
			.queueUrl();
	}

	String queueArn(String queueUrl) {
		return this.client
			.getQueueAttributes((get) -> get.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
	}

	/**
	 * Receives, for up to {@code within}, the messages that {@code wanted} picks, until {@code count} of them came, then
	 * for {@code quietFor} more to catch any surplus. Picked messages stay invisible for the queue's visibility timeout,
	 * as with a poller that has them in hand; the others are held back until the end and then made visible again, so
	 * each is received only once more (receives count towards the dead-letter queue's {@code maxReceiveCount}).
	 */
	List<Message> receive(String queueUrl, Predicate<Message> wanted, int count, Duration within, Duration quietFor)
			throws InterruptedException {
		List<Message> picked = new ArrayList<>();
		List<Message> others = new ArrayList<>();
		Instant deadline = Instant.now().plus(within);
		Instant quietUntil = null;
		try {
			while (Instant.now().isBefore((quietUntil != null) ? quietUntil : deadline)) {
				List<Message> received = this.client.receiveMessage((receive) -> receive.queueUrl(queueUrl)
					.maxNumberOfMessages(10)
					.waitTimeSeconds(1)
					.messageSystemAttributeNames(MessageSystemAttributeName.ALL)
					.messageAttributeNames("All")).messages();
				for (Message message : received) {
					(wanted.test(message) ? picked : others).add(message);
				}
				if (picked.size() >= count && quietUntil == null) {
					quietUntil = Instant.now().plus(quietFor);
				}
				if (received.isEmpty()) {
					Thread.sleep(100);
				}
			}
		}
		finally {
			for (Message message : others) {
				this.client.changeMessageVisibility((change) -> change.queueUrl(queueUrl)
					.receiptHandle(message.receiptHandle())
					.visibilityTimeout(0));
			}
		}
		return picked;
	}

	/** Deletes received messages, as an event source mapping does after the function succeeded with them. */
	void delete(String queueUrl, List<Message> messages) {
		for (Message message : messages) {
			this.client.deleteMessage((delete) -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
		}
	}

	@Override
	public void close() {
		this.client.close();
		this.server.stopAndWait();
	}

}
