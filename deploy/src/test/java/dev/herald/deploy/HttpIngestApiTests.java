package dev.herald.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static dev.herald.deploy.TemplateJson.aliasId;
import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.render;
import static dev.herald.deploy.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API in front of {@code ingestHttp}. */
class HttpIngestApiTests {

	private final Template template = Stacks.shipped();

	@Test
	void postsToV1EventsReachTheIngestHttpAlias() {
		Map<String, Map<String, Object>> integrations = resources(this.template, "AWS::ApiGatewayV2::Integration");
		assertThat(integrations).hasSize(1);
		String integration = integrations.keySet().iterator().next();
		assertThat(properties(integrations.get(integration))).containsEntry("IntegrationType", "AWS_PROXY")
			.containsEntry("PayloadFormatVersion", "2.0")
			.containsEntry("IntegrationUri", Map.of("Ref", aliasId(this.template, "ingestHttp")));
		List<String> routes = resources(this.template, "AWS::ApiGatewayV2::Route").values().stream().map((route) -> {
			assertThat(render(properties(route).get("Target"))).isEqualTo("integrations/${" + integration + "}");
			return (String) properties(route).get("RouteKey");
		}).toList();
		// Other methods reach the function too, which answers them 405 like the local API.
		assertThat(routes).containsExactlyInAnyOrder("POST /v1/events", "ANY /v1/events");
	}

	@Test
	void browsersMayPostWithAnApiKeyButWithoutCookies() {
		this.template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP",
				"CorsConfiguration", Map.of("AllowOrigins", List.of("*"), "AllowMethods", List.of("POST", "OPTIONS"),
						"AllowHeaders", List.of("authorization", "content-type"), "AllowCredentials", false, "MaxAge",
						3600)));
	}

	@Test
	void defaultStageDeploysItselfAndThrottles() {
		this.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "$default", "AutoDeploy",
				true, "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100)));
	}

	@Test
	void onlyApiGatewayAndOnlyForThisApiMayInvokeTheFunction() {
		String api = resources(this.template, "AWS::ApiGatewayV2::Api").keySet().iterator().next();
		Map<String, Map<String, Object>> permissions = this.template.findResources("AWS::Lambda::Permission",
				Map.of("Properties", Match.objectLike(Map.of("Principal", "apigateway.amazonaws.com"))));
		assertThat(permissions).isNotEmpty();
		permissions.values()
			.forEach((permission) -> assertThat(render(properties(permission).get("SourceArn")))
				.startsWith("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + api + "}/")
				.endsWith("/v1/events"));
	}

	@Test
	void stackOutputsTheEventsUrl() {
		assertThat(TemplateJson.outputs(this.template).get("EventsUrl")).startsWith("https://")
			.endsWith(".execute-api.${AWS::Region}.${AWS::URLSuffix}/v1/events");
	}

}
