package dev.herald.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The CDK app: synthesizes {@link HeraldStack} into {@code cdk.out}, either for the CDK CLI ({@code cdk synth},
 * which passes the context and output directory) or on its own ({@code ./mvnw -pl deploy compile exec:exec}), when
 * it reads the context from {@code cdk.json} itself. Needs no AWS account or network either way.
 */
public final class HeraldDeployApp {

	static final String STACK_NAME = "Herald";

	private HeraldDeployApp() {
	}

	public static void main(String[] args) {
		// The CLI hands over context and output directory in these variables; without it, do what it would.
		boolean underCli = System.getenv("CDK_CONTEXT_JSON") != null || System.getenv("CDK_OUTDIR") != null;
		Map<String, Object> context = underCli ? Map.of() : cdkJsonContext(Path.of("cdk.json"));
		String outdir = (System.getenv("CDK_OUTDIR") != null) ? null : "cdk.out";
		CloudAssembly assembly = synth(context, outdir);
		System.out.println("Synthesized " + STACK_NAME + " into " + assembly.getDirectory());
	}

	/** Synthesizes the stack with the given context into {@code outdir} ({@code null}: the CLI's choice). */
	static CloudAssembly synth(Map<String, Object> context, String outdir) {
		AppProps.Builder props = AppProps.builder().context(context);
		if (outdir != null) {
			props.outdir(outdir);
		}
		App app = new App(props.build());
		HeraldSettings settings = SettingsReader.read(app.getNode()::tryGetContext);
		new HeraldStack(app, STACK_NAME, StackProps.builder()
			.description("Herald notification platform: SNS → Lambda → SQS → Lambda")
			.env(environment())
			.build(), settings);
		return app.synth();
	}

	/** The account and region the CLI resolved from the caller's profile, if any; else environment-agnostic. */
	private static Environment environment() {
		String account = System.getenv("CDK_DEFAULT_ACCOUNT");
		String region = System.getenv("CDK_DEFAULT_REGION");
		return (account != null && region != null) ? Environment.builder().account(account).region(region).build()
				: null;
	}

	/** The {@code context} object of a cdk.json, or nothing when there is none. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> cdkJsonContext(Path cdkJson) {
		if (!Files.isRegularFile(cdkJson)) {
			return Map.of();
		}
		try {
			Map<String, Object> json = new ObjectMapper().readValue(cdkJson.toFile(), Map.class);
			Object context = json.get("context");
			return (context instanceof Map<?, ?>) ? (Map<String, Object>) context : Map.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + cdkJson, ex);
		}
	}

}
