package dev.herald.functions.support;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An embedded ElasticMQ, the real SQS wire protocol on this machine, started once per test JVM. Clients record the
 * requests they make and let a test rewrite an answer, to see batching and to make SQS refuse single entries.
 */
public final class LocalSqs {

	private static LocalSqs shared;

	private final SQSRestServer server;

	private final URI endpoint;

	private LocalSqs() {
		this.server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
		this.endpoint = URI.create("http://127.0.0.1:" + this.server.waitUntilStarted().localAddress().getPort());
		Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this.server::stopAndWait));
	}

	public static synchronized LocalSqs shared() {
		if (shared == null) {
			shared = new LocalSqs();
		}
		return shared;
	}

	public URI endpoint() {
		return this.endpoint;
	}

	/** A client of this server that records every request in {@code requests} and lets {@code answers} rewrite. */
	public Client client() {
		return new Client(this.endpoint);
	}

	/** A new, empty queue with a short default visibility; returns its URL. */
	public String newQueue(SqsClient sqs) {
		return sqs.createQueue((request) -> request.queueName("herald-" + UUID.randomUUID().toString().substring(0, 8))
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
	}

	/** A recording SQS client. */
	public static final class Client implements ExecutionInterceptor, AutoCloseable {

		public final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

		public final SqsClient sqs;

		private volatile UnaryOperator<SdkResponse> answers = UnaryOperator.identity();

		Client(URI endpoint) {
			this.sqs = SqsClient.builder()
				.endpointOverride(endpoint)
				.region(Region.EU_WEST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
				.httpClient(UrlConnectionHttpClient.create())
				.overrideConfiguration((config) -> config.addExecutionInterceptor(this))
				.build();
		}

		/** Rewrites SQS's answers from now on, e.g. to report an entry as failed. */
		public void answers(UnaryOperator<SdkResponse> answers) {
			this.answers = answers;
		}

		public <T extends SdkRequest> List<T> requests(Class<T> type) {
			return this.requests.stream().filter(type::isInstance).map(type::cast).toList();
		}

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			this.requests.add(context.request());
		}

		@Override
		public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
			return this.answers.apply(context.response());
		}

		@Override
		public void close() {
			this.sqs.close();
		}

	}

}
