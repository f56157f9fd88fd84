package dev.herald.deploy;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

import dev.herald.deploy.HeraldSettings.HttpApiSettings;

/**
 * Shops that post over HTTPS: an API Gateway HTTP API in front of the {@code ingestHttp} function, which keeps the
 * local API's contract (API key, 202/200/400/401/413, 405 for other methods).
 */
final class HttpIngestApi extends Construct {

	static final String EVENTS_PATH = "/v1/events";

	/** Headers a browser may send: the API key travels in Authorization. */
	static final List<String> ALLOWED_HEADERS = List.of("authorization", "content-type");

	private final HttpApi api;

	private final HttpStage stage;

	HttpIngestApi(Construct scope, String id, HttpApiSettings settings, IFunction ingestHttp) {
		super(scope, id);
		HttpApi.Builder api = HttpApi.Builder.create(this, "Api")
			.apiName("herald-ingest")
			.description("Herald event ingestion: POST " + EVENTS_PATH)
			.createDefaultStage(false);
		if (!settings.corsAllowOrigins().isEmpty()) {
			// No credentials: the API key is sent explicitly, so allowing an origin lends it no ambient authority.
			api.corsPreflight(CorsPreflightOptions.builder()
				.allowOrigins(settings.corsAllowOrigins())
				.allowMethods(List.of(CorsHttpMethod.POST, CorsHttpMethod.OPTIONS))
				.allowHeaders(ALLOWED_HEADERS)
				.allowCredentials(false)
				.maxAge(Duration.hours(1))
				.build());
		}
		this.api = api.build();
		this.stage = this.api.addStage("DefaultStage", HttpStageOptions.builder()
			.stageName("$default")
			.autoDeploy(true)
			.throttle(ThrottleSettings.builder()
				.rateLimit(settings.throttleRatePerSecond())
				.burstLimit(settings.throttleBurst())
				.build())
			.build());
		HttpLambdaIntegration integration = HttpLambdaIntegration.Builder.create("IngestHttp", ingestHttp).build();
		this.api.addRoutes(AddRoutesOptions.builder()
			.path(EVENTS_PATH)
			.methods(List.of(HttpMethod.POST))
			.integration(integration)
			.build());
		// Other methods reach the function too, so it can answer 405 as the local API does instead of a bare 404.
		this.api.addRoutes(AddRoutesOptions.builder()
			.path(EVENTS_PATH)
			.methods(List.of(HttpMethod.ANY))
			.integration(integration)
			.build());
	}

	HttpApi api() {
		return this.api;
	}

	/** The API's base URL; events go to this plus {@code v1/events}. */
	String url() {
		return this.stage.getUrl();
	}

}
